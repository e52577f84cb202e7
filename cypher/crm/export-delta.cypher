// Users whose stable segment id differs between run $sinceRunId and run $runId: joined (none
// before), left (none now) or moved. Same index-ordered scan as export-rows.
MATCH (u:User)
USING INDEX u:User(id)
WHERE u.id > $after
OPTIONAL MATCH (u)-[:IN_SEGMENT]->(before:Segment {runId: $sinceRunId})
OPTIONAL MATCH (u)-[m:IN_SEGMENT]->(now:Segment {runId: $runId})
WITH u, before, now, m
WHERE (before IS NOT NULL OR now IS NOT NULL)
  AND (before IS NULL OR now IS NULL OR before.segmentId <> now.segmentId)
RETURN u.id AS user_id, now.segmentId AS segment_id, now.label AS segment_label, m.confidence AS confidence,
       before.segmentId AS previous_segment_id,
       CASE WHEN before IS NULL THEN 'joined' WHEN now IS NULL THEN 'left' ELSE 'moved' END AS change,
       [a IN $attrs | u[a]] AS attrs
ORDER BY u.id
LIMIT $limit
