// A user's aggregated world for the explorer: one row per product they engaged with (event counts
// by type, total, last event; newest first, at most $first), their devices with the product each
// is an instance of (at most $first, by product so they group), and their segment in the current
// segments run (none when no run is current), read here rather than in a round trip of its own.
// Unknown user: no row.
MATCH (u:User {id: $userId})
CALL (u) {
  MATCH (u)-[:PERFORMED]->(e:Event)-[:ABOUT]->(p:Product)
  WITH p, e.type AS type, count(e) AS n, max(e.timestamp) AS last
  WITH p, collect({type: type, count: n}) AS byType, sum(n) AS total, max(last) AS lastAt
  ORDER BY lastAt DESC, p.id
  WITH collect({product: {elementId: elementId(p), labels: labels(p), props: properties(p)}, byType: byType, total: total, lastAt: toString(lastAt)}) AS rows
  RETURN rows[0..$first] AS engaged, size(rows) AS engagedTotal
}
CALL (u) {
  MATCH (u)-[:OWNS]->(d:Device)-[:INSTANCE_OF]->(p:Product)
  WITH d, p ORDER BY p.id, d.id
  WITH collect({device: {elementId: elementId(d), labels: labels(d), props: properties(d)},
                product: {elementId: elementId(p), labels: labels(p), props: properties(p)}}) AS rows
  RETURN rows[0..$first] AS devices, size(rows) AS devicesTotal
}
OPTIONAL MATCH (segmentRun:Run {kind: 'segments', current: true})
OPTIONAL MATCH (u)-[:IN_SEGMENT]->(s:Segment {runId: segmentRun.id})
RETURN {elementId: elementId(u), labels: labels(u), props: properties(u)} AS user, engaged, engagedTotal, devices, devicesTotal,
       CASE WHEN s IS NULL THEN null ELSE {elementId: elementId(s), labels: labels(s), props: properties(s)} END AS segment
