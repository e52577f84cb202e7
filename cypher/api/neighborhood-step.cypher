// One hop out of the frontier. Hidden: bookkeeping nodes, segments of runs other than the current
// one, similarity edges of embeddings runs other than the current one. $types null = all types.
MATCH (n) WHERE elementId(n) IN $frontier
MATCH (n)-[r]-(m)
WHERE ($types IS NULL OR type(r) IN $types)
  AND NOT m:Run AND NOT m:Migration AND NOT m:IngestCheckpoint
  AND (NOT m:Segment OR m.runId = $segmentRunId)
  AND (type(r) <> 'SIMILAR_TO' OR r.runId IS NULL OR r.runId = $embeddingRunId)
WITH r, m LIMIT $limit
RETURN elementId(r) AS edgeId, type(r) AS type, elementId(startNode(r)) AS source, elementId(endNode(r)) AS target,
       properties(r) AS edgeProps, elementId(m) AS elementId, labels(m) AS labels, properties(m) AS props
