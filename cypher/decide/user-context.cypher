// What the API knows of a user when it decides (never a hidden truth): region, home type, the
// products they own, their segment in the current segments run. No row for an unknown user.
MATCH (u:User {id: $userId})
OPTIONAL MATCH (segRun:Run {kind: 'segments', current: true})
CALL {
  WITH u, segRun
  OPTIONAL MATCH (u)-[:IN_SEGMENT]->(s:Segment)
  WHERE s.runId = segRun.id
  RETURN s.segmentId AS segment
  LIMIT 1
}
CALL {
  WITH u
  OPTIONAL MATCH (u)-[:OWNS]->(:Device)-[:INSTANCE_OF]->(p:Product)
  RETURN collect(DISTINCT p.id) AS owned
}
RETURN u.region AS region, u.home_type AS homeType, segment, owned
