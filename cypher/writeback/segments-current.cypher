// The current segments run and its segments (none yet: one row with null segment fields).
MATCH (r:Run {kind: 'segments', current: true})
OPTIONAL MATCH (s:Segment {runId: r.id})
RETURN r.id AS runId, s.segmentId AS segmentId, s.label AS label, s.size AS size, s.profile AS profile
ORDER BY s.segmentId
