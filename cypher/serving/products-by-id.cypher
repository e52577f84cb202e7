// Given products (rank) or, with $productIds null, every product (popularity fallback), with the
// slot's embedding, serving figures and the run's SIMILAR_TO links from the user's products.
MATCH (q:Product)
WHERE ($productIds IS NULL OR q.id IN $productIds)
  AND NOT q.id IN $exclude AND ($categories IS NULL OR q.category IN $categories)
CALL {
  WITH q
  OPTIONAL MATCH (p:Product)-[s:SIMILAR_TO {runId: $runId}]->(q)
  WHERE p.id IN $mine
  RETURN collect(CASE WHEN p IS NULL THEN null ELSE {productId: p.id, name: p.name, share: s.share, coUsers: s.coUsers} END) AS links
}
RETURN q.id AS productId, q.name AS name, q.category AS category,
       CASE WHEN $prop IS NULL THEN null ELSE q[$prop] END AS embedding,
       CASE WHEN $popularity IS NULL THEN null ELSE q[$popularity] END AS popularity,
       CASE WHEN $popularity IS NULL THEN null ELSE q[$buyers] END AS buyers,
       CASE WHEN $popularity IS NULL THEN null ELSE q[$engaged] END AS engaged, links
