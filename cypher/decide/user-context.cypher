// What the API knows of users when it decides (never a hidden truth): region, home type, the
// products they own, their segment in the current segments run. One row per known user of
// $userIds (one id for a request, a page when the process warms its cache); none for an unknown one.
OPTIONAL MATCH (segRun:Run {kind: 'segments', current: true})
UNWIND $userIds AS userId
MATCH (u:User {id: userId})
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
RETURN u.id AS userId, u.region AS region, u.home_type AS homeType, segment, owned
