// Related items of many products at once (the API batches a page of products into one call):
// the current embeddings run's SIMILAR_TO, filtered, best rank first, with co-engagement figures
// for the explanation. $categories null = any category. Unknown product ids return no row.
OPTIONAL MATCH (run:Run {kind: 'embeddings', current: true})
WITH run
UNWIND $productIds AS pid
MATCH (p:Product {id: pid})
CALL {
  WITH run, p
  OPTIONAL MATCH (p)-[s:SIMILAR_TO {runId: run.id}]->(q:Product)
  WHERE ($categories IS NULL OR q.category IN $categories) AND NOT q.id IN $exclude
  WITH s, q ORDER BY s.rank
  LIMIT $k
  RETURN collect(CASE WHEN q IS NULL THEN null
                 ELSE {productId: q.id, name: q.name, category: q.category, score: s.score, cosine: s.cosine, coUsers: s.coUsers, share: s.share} END) AS items
}
RETURN p.id AS productId, p.name AS name, run.id AS runId,
       CASE WHEN run IS NULL THEN null ELSE p['holders_' + run.slot] END AS holders, items
