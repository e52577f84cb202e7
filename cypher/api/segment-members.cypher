// One page of a segment's members in the given run, by user id after the cursor.
MATCH (s:Segment {id: $runId + ':' + $segmentId})<-[:IN_SEGMENT]-(u:User)
WHERE u.id > $after
RETURN u.id AS id, properties(u) AS properties
ORDER BY u.id
LIMIT $limit
