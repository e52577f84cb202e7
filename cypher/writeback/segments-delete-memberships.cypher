// One bounded slice of a pruned run's memberships; the caller repeats until it returns 0, so no
// transaction ever holds more than $limit deletions.
MATCH (s:Segment {runId: $runId})<-[m:IN_SEGMENT]-()
WITH m LIMIT $limit
DELETE m
RETURN count(*) AS n
