// The product map: the $limit products most users hold (holders = distinct owners of a device of
// the product), the SIMILAR_TO edges between them of the current embeddings run, and for every
// pair of them the users who hold both (co-ownership: a device is the record of a purchase that
// stuck, events may be missing). At most $limit² / 2 pairs; the API keeps each product's strongest.
MATCH (p:Product)
CALL (p) {
  MATCH (p)<-[:INSTANCE_OF]-(:Device)<-[:OWNS]-(u:User)
  RETURN count(DISTINCT u) AS holders
}
WITH p, holders ORDER BY holders DESC, p.id LIMIT $limit
WITH collect({elementId: elementId(p), labels: labels(p), props: properties(p), holders: holders}) AS products, collect(p) AS ps
OPTIONAL MATCH (run:Run {kind: 'embeddings', current: true})
CALL (ps, run) {
  UNWIND ps AS a
  MATCH (a)-[s:SIMILAR_TO]->(b:Product)
  WHERE s.runId = run.id AND b IN ps
  RETURN collect({source: a.id, target: b.id, score: s.score, share: s.share, rank: s.rank}) AS similar
}
// Pairs per holder, not per product: each user's distinct products once (about 3 devices each on the
// demo world), where walking out of every product re-walked each user once per product held.
WITH products, similar, [p IN ps | p.id] AS ids
CALL (ids) {
  MATCH (u:User)-[:OWNS]->(:Device)-[:INSTANCE_OF]->(p:Product)
  WITH u, collect(DISTINCT p.id) AS held
  WHERE size(held) > 1
  UNWIND held AS a
  UNWIND held AS b
  WITH a, b WHERE a < b AND a IN ids AND b IN ids
  WITH a, b, count(*) AS users
  RETURN collect({source: a, target: b, users: users}) AS coOwned
}
RETURN products, similar, coOwned
