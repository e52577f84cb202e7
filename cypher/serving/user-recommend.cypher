// A user's recommendations in one round trip when the user has a vector in the current run: its
// context (owned, bought, recent products; live, so trackEvent shows at once), the nearest
// products by the slot's vector index, filtered, with the run's SIMILAR_TO links from the user's
// own products and the similarity of recently viewed ones (explanations). Without a run or a
// vector, `items` is empty and the caller takes the cold-start path with the context returned.
// With $search false (ranking given products) only the context and the vector are read.
MATCH (u:User {id: $userId})
OPTIONAL MATCH (run:Run {kind: 'embeddings', current: true})
WITH u, run, CASE WHEN run IS NULL THEN null ELSE u['embedding_' + run.slot] END AS vector
CALL {
  WITH u
  OPTIONAL MATCH (u)-[:OWNS]->(:Device)-[:INSTANCE_OF]->(p:Product)
  RETURN collect(DISTINCT p.id) AS owned
}
CALL {
  WITH u
  OPTIONAL MATCH (u)-[:PERFORMED]->(:Event {type: 'purchase'})-[:ABOUT]->(p:Product)
  RETURN collect(DISTINCT p.id) AS purchased
}
CALL {
  WITH u
  OPTIONAL MATCH (u)-[:PERFORMED]->(e:Event)-[:ABOUT]->(p:Product)
  WITH e, p ORDER BY e.timestamp DESC
  LIMIT $recentEvents
  RETURN collect(CASE WHEN e IS NULL THEN null ELSE {productId: p.id, type: e.type} END) AS recent
}
CALL {
  WITH run, vector, owned, purchased, recent
  WITH run, vector, owned, purchased, recent, 'embedding_' + run.slot AS prop
  WHERE vector IS NOT NULL AND $search
  // What the explanations need, read once instead of once per candidate (per candidate, the
  // incoming SIMILAR_TO of every kept run were expanded: 2,069 of the query's db hits): the run's
  // links from the user's own products, and the recently viewed products it does not have.
  CALL {
    WITH run, owned, purchased
    OPTIONAL MATCH (p:Product)-[s:SIMILAR_TO]->(x:Product)
    WHERE p.id IN [id IN owned WHERE NOT id IN purchased] + purchased AND s.runId = run.id
    RETURN collect(CASE WHEN p IS NULL THEN null ELSE {to: x.id, productId: p.id, name: p.name, share: s.share, coUsers: s.coUsers} END) AS mineLinks
  }
  CALL {
    WITH owned, purchased, recent
    OPTIONAL MATCH (r:Product)
    WHERE r.id IN [e IN recent | e.productId] AND NOT r.id IN owned AND NOT r.id IN purchased
    RETURN collect(r) AS viewed
  }
  CALL db.index.vector.queryNodes('product_embedding_' + run.slot, $k + size(owned) + size(purchased) + $margin, vector)
  YIELD node AS q
  // The index's own score comes from its quantised copy of the vectors (Neo4j 5.26 indexes have
  // vector.quantization.enabled true by default): up to 0.028 off the cosine of the stored vectors
  // that rankForUser computes (measured on 100 pairs), so one pair got two scores (0.653 / 0.641).
  // The index picks candidates; the stored vectors' cosine scores and orders them.
  WITH run, prop, owned, purchased, mineLinks, viewed, q, vector.similarity.cosine(vector, q[prop]) AS score
  WHERE NOT q.id IN ([id IN owned WHERE $excludeOwned] + [id IN purchased WHERE $excludePurchased])
    AND ($categories IS NULL OR q.category IN $categories)
  WITH run, prop, mineLinks, viewed, q, score ORDER BY score DESC, q.id
  LIMIT $k
  RETURN collect({productId: q.id, name: q.name, category: q.category, score: 2 * score - 1,
                  popularity: q['popularity_' + run.slot], buyers: q['buyers_' + run.slot], engaged: q['engaged_' + run.slot],
                  links: [l IN mineLinks WHERE l.to = q.id | {productId: l.productId, name: l.name, share: l.share, coUsers: l.coUsers}],
                  near: [r IN viewed WHERE r.id <> q.id | {productId: r.id, name: r.name, similarity: vector.similarity.cosine(r[prop], q[prop])}]}) AS items
}
RETURN u.id AS userId, run.id AS runId, run.slot AS slot, vector AS embedding, owned, purchased, recent, items
