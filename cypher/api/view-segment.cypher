// A segment of the current segments run: one page of members by user id after $after ($limit
// rows: the API asks for one more than the page to know whether another follows), and the
// products most of its members hold ($topProducts, most holders first) with their holders in the
// whole base (for the lift), and the profile's next best product ($nextProductId, null: none) with
// the members who hold it. Unknown segment: no row.
MATCH (s:Segment {id: $segmentRunId + ':' + $segmentId})
CALL (s) {
  MATCH (s)<-[:IN_SEGMENT]-(u:User)
  WHERE u.id > $after
  WITH u ORDER BY u.id LIMIT $limit
  RETURN collect({elementId: elementId(u), labels: labels(u), props: properties(u)}) AS members
}
CALL (s) {
  MATCH (s)<-[:IN_SEGMENT]-(u:User)-[:OWNS]->(:Device)-[:INSTANCE_OF]->(p:Product)
  WITH p, count(DISTINCT u) AS holders ORDER BY holders DESC, p.id LIMIT $topProducts
  CALL (p) {
    MATCH (p)<-[:INSTANCE_OF]-(:Device)<-[:OWNS]-(h:User)
    RETURN count(DISTINCT h) AS baseHolders
  }
  RETURN collect({product: {elementId: elementId(p), labels: labels(p), props: properties(p)}, holders: holders, baseHolders: baseHolders}) AS products
}
CALL () {
  MATCH (u:User)
  RETURN count(u) AS users
}
CALL (s) {
  OPTIONAL MATCH (np:Product {id: $nextProductId})
  RETURN CASE WHEN np IS NULL THEN null ELSE {elementId: elementId(np), labels: labels(np), props: properties(np)} END AS next
}
RETURN {elementId: elementId(s), labels: labels(s), props: properties(s)} AS segment, s.size AS size, members, products, users, next
