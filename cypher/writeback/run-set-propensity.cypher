// Records the propensity models trained for a complete embeddings run: `propensity` (JSON: per
// action where its files are and its figures), `propensityAsOf` (epoch ms: the time served
// features are computed at, read by decide/propensity-users in the same read as the user) and the
// run's metrics with the models' figures added.
MATCH (r:Run {id: $id})
WHERE r.status = 'complete'
SET r.propensity = $propensity, r.propensityAsOf = $asOf, r.metrics = $metrics
RETURN r.id AS id
