// The served embeddings run's propensity record (JSON, null when no model was trained): segment
// profiles' average propensities come from the models it names.
OPTIONAL MATCH (run:Run {kind: 'embeddings', current: true})
RETURN run.id AS runId, run.propensity AS propensity
