// Newest first. FlowRun nodes are one a day or so: no index needed for years.
MATCH (f:FlowRun)
WHERE $flow IS NULL OR f.flow = $flow
WITH f ORDER BY f.startedAt DESC, f.id DESC LIMIT $limit
OPTIONAL MATCH (f)-[:HAS_STEP]->(s:StepRun)
WITH f, s ORDER BY s.order
WITH f, collect(s {.step, .status, .attempts, .startedAt, .finishedAt, .seconds, .outputs, .metrics, .error, .skipped}) AS steps
RETURN f {.id, .flow, .status, .startedAt, .finishedAt, .scheduledFor, .resumes, .error, .drift, .params} AS run, steps
ORDER BY run.startedAt DESC, run.id DESC
