// Records the ranker trained for a complete run: `ranker` (JSON: where its files are, what it was
// trained on) for serving to read with the run, and the run's metrics with the ranker's figures
// added. No ranker property, no ranker path.
MATCH (r:Run {id: $id})
WHERE r.status = 'complete'
SET r.ranker = $ranker, r.metrics = $metrics
RETURN r.id AS id
