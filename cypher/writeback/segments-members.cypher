// $rows: [{userId, segmentId, confidence}]. Users that do not exist are skipped (the caller counts
// them); a user has one segment per run, so a rerun that moved them drops the stale membership.
UNWIND $rows AS r
MATCH (u:User {id: r.userId})
MATCH (s:Segment {id: $runId + ':' + r.segmentId})
OPTIONAL MATCH (u)-[stale:IN_SEGMENT]->(other:Segment {runId: $runId})
WHERE other <> s
DELETE stale
WITH DISTINCT u, s, r
MERGE (u)-[m:IN_SEGMENT]->(s)
SET m.runId = $runId, m.confidence = r.confidence
RETURN count(m) AS written
