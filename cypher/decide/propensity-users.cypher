// The propensity features' input for users in one read, as of $asOf (epoch ms; null: the served
// model's time, run.propensityAsOf): attributes, the segment in the current segments run, the
// products of devices owned then (installed before $asOf, or when unknown), and per (product,
// event type) the events before $asOf (count, count within $recentMs of it, latest time) and in
// [$asOf, $asOf + $windowMs) (the training labels; $windowMs 0 when scoring). Counted per product
// and type, so the answer is bounded by the catalogue whatever the user's history. One row per
// known user of $userIds (none for an unknown one); the served run's id and propensity record ride
// along so a request needs no other read.
OPTIONAL MATCH (run:Run {kind: 'embeddings', current: true})
OPTIONAL MATCH (segRun:Run {kind: 'segments', current: true})
WITH run, segRun, coalesce($asOf, run.propensityAsOf) AS asOf
UNWIND $userIds AS userId
MATCH (u:User {id: userId})
CALL {
  WITH u, segRun
  OPTIONAL MATCH (u)-[:IN_SEGMENT]->(s:Segment)
  WHERE s.runId = segRun.id
  RETURN s.segmentId AS segment
  LIMIT 1
}
CALL {
  WITH u, asOf
  OPTIONAL MATCH (u)-[:OWNS]->(d:Device)-[:INSTANCE_OF]->(p:Product)
  WHERE asOf IS NOT NULL AND (d.installed_at IS NULL OR d.installed_at.epochMillis < asOf)
  RETURN collect(DISTINCT p.id) AS owned
}
CALL {
  WITH u, asOf
  OPTIONAL MATCH (u)-[:PERFORMED]->(e:Event)-[:ABOUT]->(p:Product)
  WHERE asOf IS NOT NULL AND e.timestamp.epochMillis < asOf + $windowMs
  WITH p, e.type AS type, e.timestamp.epochMillis AS t, asOf
  WHERE p IS NOT NULL
  WITH p.id AS productId, coalesce(p.category, '') AS category, type,
       sum(CASE WHEN t < asOf THEN 1 ELSE 0 END) AS n,
       sum(CASE WHEN t < asOf AND t >= asOf - $recentMs THEN 1 ELSE 0 END) AS recent,
       max(CASE WHEN t < asOf THEN t END) AS last,
       sum(CASE WHEN t >= asOf THEN 1 ELSE 0 END) AS after
  RETURN collect({productId: productId, category: category, type: type, n: n, recent: recent, last: last, after: after}) AS events
}
RETURN u.id AS userId, u.home_type AS homeType, u.region AS region, toString(u.signup_date) AS signupDate,
       segment, owned, events, asOf, run.id AS runId, run.propensity AS propensity
