// A flow run and one pending StepRun per step, in flow order. Times are ISO-8601 text (UTC); params is JSON text.
CREATE (f:FlowRun {id: $id, flow: $flow, status: 'running', startedAt: $startedAt, scheduledFor: $scheduledFor, params: $params, resumes: 0})
WITH f
UNWIND range(0, size($steps) - 1) AS i
CREATE (f)-[:HAS_STEP]->(:StepRun {id: $id + '/' + $steps[i], runId: $id, step: $steps[i], order: i, status: 'pending', attempts: 0})
