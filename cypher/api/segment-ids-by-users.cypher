// Each user's segment in the current segments run only (older runs' memberships are ignored).
MATCH (r:Run {kind: 'segments', current: true})
UNWIND $ids AS userId
MATCH (:User {id: userId})-[:IN_SEGMENT]->(s:Segment {runId: r.id})
RETURN userId, s.segmentId AS segmentId
