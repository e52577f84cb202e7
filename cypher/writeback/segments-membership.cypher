// Every member of a run's segments, streamed: the next run matches its segments to these.
MATCH (s:Segment {runId: $runId})<-[:IN_SEGMENT]-(u:User)
RETURN u.id AS userId, s.segmentId AS segmentId
