// Every event, one row per user with events: its events as parallel lists (product, type, time,
// value). One Bolt record per user rather than per event (1M records instead of 20M at 1M users)
// and the user's id once, not once per event: the projection's read was most of its cost.
// The lists stay aligned because no element is ever null (collect drops nulls): a missing time
// reads 0 and a missing type 'null' (what the per-event rows gave; an unknown type is refused
// downstream), a missing value NaN (no value).
MATCH (u:User)
CALL (u) {
  MATCH (u)-[:PERFORMED]->(e:Event)-[:ABOUT]->(p:Product)
  RETURN collect(p.id) AS products,
         collect(coalesce(e.type, 'null')) AS types,
         collect(coalesce(e.timestamp.epochMillis, 0)) AS ts,
         collect(coalesce(toFloat(e.value), 0.0 / 0.0)) AS values
}
WITH u, products, types, ts, values
WHERE size(products) > 0
RETURN u.id AS user_id, products, types, ts, values
