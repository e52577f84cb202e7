// One hop out of the frontier, at most $perType relationships of each type per frontier node, so
// that a product with thousands of events still shows its devices and similar products (an
// analyst wants every kind of neighbour, not the first 100 in storage order). One static branch
// per allowlisted relationship type: typed expansion, each branch stops at its limit.
// Hidden: bookkeeping nodes, segments of runs other than the current one, similarity edges of
// embeddings runs other than the current one. $types null = all types.
MATCH (n) WHERE elementId(n) IN $frontier
CALL {
  WITH n
  MATCH (n)-[r:OWNS]-(m)
  WHERE ($types IS NULL OR 'OWNS' IN $types)
  RETURN r, m LIMIT $perType
  UNION ALL
  WITH n
  MATCH (n)-[r:INSTANCE_OF]-(m)
  WHERE ($types IS NULL OR 'INSTANCE_OF' IN $types)
  RETURN r, m LIMIT $perType
  UNION ALL
  WITH n
  MATCH (n)-[r:PERFORMED]-(m)
  WHERE ($types IS NULL OR 'PERFORMED' IN $types)
  RETURN r, m LIMIT $perType
  UNION ALL
  WITH n
  MATCH (n)-[r:ABOUT]-(m)
  WHERE ($types IS NULL OR 'ABOUT' IN $types)
  RETURN r, m LIMIT $perType
  UNION ALL
  WITH n
  MATCH (n)-[r:FROM_DEVICE]-(m)
  WHERE ($types IS NULL OR 'FROM_DEVICE' IN $types)
  RETURN r, m LIMIT $perType
  UNION ALL
  WITH n
  MATCH (n)-[r:IN_SEGMENT]-(m)
  // From a user, its segment of the current run; from a segment (only the current run's is ever
  // looked up), its members: they carry no runId, so the check is on whichever end is the segment.
  WHERE ($types IS NULL OR 'IN_SEGMENT' IN $types) AND ((m:Segment AND m.runId = $segmentRunId) OR (n:Segment AND n.runId = $segmentRunId))
  RETURN r, m LIMIT $perType
  UNION ALL
  WITH n
  MATCH (n)-[r:SIMILAR_TO]-(m)
  WHERE ($types IS NULL OR 'SIMILAR_TO' IN $types) AND (r.runId IS NULL OR r.runId = $embeddingRunId)
  RETURN r, m LIMIT $perType
}
WITH r, m
WHERE NOT m:Run AND NOT m:Migration AND NOT m:IngestCheckpoint
WITH r, m LIMIT $limit
RETURN elementId(r) AS edgeId, type(r) AS type, elementId(startNode(r)) AS source, elementId(endNode(r)) AS target,
       properties(r) AS edgeProps, elementId(m) AS elementId, labels(m) AS labels, properties(m) AS props
