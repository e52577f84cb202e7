// One micro-batch of inductively computed user vectors into the served run's slot property
// ($prop, from an allowlist in code), and each user's segment in the current segments run
// ($segmentsRunId; null: none). Written only where the user has not changed since the updater read
// it (`changedAt` still $row.changedAt): a newer event is picked up by the next poll instead of
// being marked done. `changedAt` moves, so every API process's change feed drops the user's cached
// answers; `incrementalAt` equal to it means "this change is embedded".
UNWIND $rows AS row
MATCH (u:User {id: row.id})
WHERE u.changedAt = row.changedAt
SET u[$prop] = row.vector, u.changedAt = timestamp(), u.incrementalAt = timestamp()
WITH u, row
CALL {
  WITH u, row
  WITH u, row WHERE $segmentsRunId IS NOT NULL AND row.segmentId IS NOT NULL
  MATCH (s:Segment {id: $segmentsRunId + ':' + row.segmentId})
  OPTIONAL MATCH (u)-[stale:IN_SEGMENT]->(other:Segment {runId: $segmentsRunId})
  WHERE other <> s
  DELETE stale
  WITH DISTINCT u, s, row
  MERGE (u)-[m:IN_SEGMENT]->(s)
  SET m.runId = $segmentsRunId, m.confidence = row.confidence, m.assignedBy = 'incremental'
  RETURN count(m) AS segmented
}
RETURN count(u) AS written, sum(segmented) AS segmented
