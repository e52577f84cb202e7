// A product's aggregated world: its related products (SIMILAR_TO of the current embeddings run,
// best rank first, at most $limit, with score and co-engagement share), the segments of the
// current segments run (read here, not in a round trip of its own) its holders belong to (holders per segment, most first, at most $limit),
// and its holders in all. Unknown product: no row.
MATCH (p:Product {id: $productId})
OPTIONAL MATCH (run:Run {kind: 'embeddings', current: true})
OPTIONAL MATCH (segmentRun:Run {kind: 'segments', current: true})
CALL (p, run) {
  MATCH (p)-[s:SIMILAR_TO]->(q:Product)
  WHERE s.runId = run.id
  WITH s, q ORDER BY s.rank, q.id LIMIT $limit
  RETURN collect({product: {elementId: elementId(q), labels: labels(q), props: properties(q)},
                  score: s.score, cosine: s.cosine, share: s.share, coUsers: s.coUsers, rank: s.rank}) AS related
}
CALL (p) {
  MATCH (p)<-[:INSTANCE_OF]-(:Device)<-[:OWNS]-(u:User)
  WITH DISTINCT u
  RETURN collect(u) AS holderNodes
}
CALL (holderNodes, segmentRun) {
  UNWIND holderNodes AS u
  MATCH (u)-[:IN_SEGMENT]->(s:Segment {runId: segmentRun.id})
  WITH s, count(u) AS holders ORDER BY holders DESC, s.segmentId LIMIT $limit
  RETURN collect({segment: {elementId: elementId(s), labels: labels(s), props: properties(s)}, holders: holders}) AS segments
}
RETURN {elementId: elementId(p), labels: labels(p), props: properties(p)} AS product, size(holderNodes) AS holders, related, segments
