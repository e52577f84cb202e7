// Records the sequence model (GRU4Rec/HRNN) trained for a complete embeddings run: `sequence`
// (JSON: where its files are, its kind, session gap and item types) for serving to read with the
// run, and the run's metrics with the model's figures added.
MATCH (r:Run {id: $id})
WHERE r.status = 'complete'
SET r.sequence = $sequence, r.metrics = $metrics
RETURN r.id AS id
