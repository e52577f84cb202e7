// drift: JSON text of every check; driftBreached: the names of the breached ones (read by /metrics).
MATCH (f:FlowRun {id: $id})
SET f.drift = $drift, f.driftBreached = $breached
