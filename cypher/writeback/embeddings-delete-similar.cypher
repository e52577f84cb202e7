// One bounded slice of a pruned embeddings run's SIMILAR_TO relationships (repeated until 0).
MATCH (:Product)-[s:SIMILAR_TO {runId: $runId}]->(:Product)
WITH s LIMIT $limit
DELETE s
RETURN count(*) AS n
