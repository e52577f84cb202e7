// Everything a user's recommendations depend on, in one round trip: the current embeddings run,
// the user's embedding in its slot (absent for users who arrived after training), the products the
// user owns (devices) and bought, and their most recent events (live: trackEvent shows at once).
MATCH (u:User {id: $userId})
OPTIONAL MATCH (run:Run {kind: 'embeddings', current: true})
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
RETURN u.id AS userId, run.id AS runId, run.slot AS slot,
       CASE WHEN run IS NULL THEN null ELSE u['embedding_' + run.slot] END AS embedding,
       owned, purchased, recent
