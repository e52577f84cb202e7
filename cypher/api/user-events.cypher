// One page of a user's events, newest first (ties by id, so pages are stable), and the total.
MATCH (u:User {id: $userId})
CALL (u) {
  MATCH (u)-[:PERFORMED]->(e:Event)
  RETURN count(e) AS total
}
CALL (u) {
  MATCH (u)-[:PERFORMED]->(e:Event)
  OPTIONAL MATCH (e)-[:ABOUT]->(p:Product)
  WITH e, p ORDER BY e.timestamp DESC, e.id
  SKIP $skip LIMIT $limit
  RETURN collect({id: e.id, type: e.type, timestamp: toString(e.timestamp), value: e.value, productId: p.id}) AS events
}
RETURN total, events
