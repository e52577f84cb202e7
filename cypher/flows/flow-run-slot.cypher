MATCH (f:FlowRun {flow: $flow, scheduledFor: $scheduledFor})
RETURN f.id AS id
ORDER BY f.startedAt DESC
LIMIT 1
