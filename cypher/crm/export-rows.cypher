// One segments run's memberships in user id order, read off the User id index so that no sort is
// needed and rows stream in constant memory. $after/$limit page through it (webhook batches);
// $attrs are extra User property names, allowlisted by the caller.
MATCH (u:User)
USING INDEX u:User(id)
WHERE u.id > $after
MATCH (u)-[m:IN_SEGMENT]->(s:Segment {runId: $runId})
RETURN u.id AS user_id, s.segmentId AS segment_id, s.label AS segment_label, m.confidence AS confidence,
       null AS previous_segment_id, null AS change, [a IN $attrs | u[a]] AS attrs
ORDER BY u.id
LIMIT $limit
