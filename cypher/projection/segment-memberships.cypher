// Every user's segment in the current segments run (the graph ranker's segment features); no rows
// when no segments run is served.
MATCH (r:Run {kind: 'segments', current: true})
MATCH (u:User)-[:IN_SEGMENT]->(s:Segment {runId: r.id})
RETURN u.id AS userId, s.segmentId AS segmentId
