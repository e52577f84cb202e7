// One statement, run after run-lock in the same transaction: the run becomes complete and the only
// current run of its kind. SET on the null of an empty OPTIONAL MATCH does nothing.
MATCH (r:Run {id: $id, status: 'writing'})
OPTIONAL MATCH (old:Run {kind: r.kind, current: true}) WHERE old <> r
SET old.current = false
SET r.status = 'complete', r.finishedAt = datetime(), r.metrics = $metrics, r.current = true
RETURN r.id AS id, collect(old.id) AS previous
