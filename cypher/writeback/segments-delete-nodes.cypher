// After its memberships: a pruned run's Segment nodes (a few dozen, DETACH for safety).
MATCH (s:Segment {runId: $runId})
WITH s LIMIT $limit
DETACH DELETE s
RETURN count(*) AS n
