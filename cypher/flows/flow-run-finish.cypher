// Only a running run is finished: a late duplicate (a step that was in fact alive) changes nothing.
MATCH (f:FlowRun {id: $id})
WHERE f.status = 'running'
SET f.status = $status, f.finishedAt = $at, f.error = $error
