// Candidate products nearest to a user vector through the slot's vector index ($index is an
// allowlisted name), filtered, with the run's SIMILAR_TO links from the user's own products
// ($mine) and the embeddings of the user's recent products ($recentIds) for explanations.
CALL db.index.vector.queryNodes($index, $candidates, $vector) YIELD node AS q
WHERE NOT q.id IN $exclude AND ($categories IS NULL OR q.category IN $categories)
// Exact cosine of the stored vectors, not the quantised index's score (see user-recommend.cypher).
WITH q, vector.similarity.cosine($vector, q[$prop]) AS score ORDER BY score DESC, q.id
LIMIT $k
CALL {
  WITH q
  OPTIONAL MATCH (p:Product)-[s:SIMILAR_TO {runId: $runId}]->(q)
  WHERE p.id IN $mine
  RETURN collect(CASE WHEN p IS NULL THEN null ELSE {productId: p.id, name: p.name, share: s.share, coUsers: s.coUsers} END) AS links
}
CALL {
  WITH q
  OPTIONAL MATCH (r:Product) WHERE r.id IN $recentIds AND r.id <> q.id
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {productId: r.id, name: r.name, similarity: vector.similarity.cosine(r[$prop], q[$prop])} END) AS near
}
RETURN q.id AS productId, q.name AS name, q.category AS category, score, q[$popularity] AS popularity,
       q[$buyers] AS buyers, q[$engaged] AS engaged, links, near
