// The user's segment in the current run only; older runs' memberships are ignored.
MATCH (r:Run {kind: 'segments', current: true})
MATCH (:User {id: $userId})-[m:IN_SEGMENT]->(s:Segment {runId: r.id})
RETURN r.id AS runId, s.segmentId AS segmentId, s.label AS label, m.confidence AS confidence
LIMIT 1
