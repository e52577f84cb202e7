MATCH (f:FlowRun {id: $id})
OPTIONAL MATCH (f)-[:HAS_STEP]->(s:StepRun)
WITH f, s ORDER BY s.order
RETURN f {.id, .flow, .status, .startedAt, .finishedAt, .scheduledFor, .resumes, .error, .drift, .params} AS run,
       collect(s {.step, .status, .attempts, .startedAt, .finishedAt, .seconds, .outputs, .metrics, .error, .skipped}) AS steps
