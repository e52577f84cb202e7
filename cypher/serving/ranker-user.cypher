// The graph ranker's per-user input in one read: the served embeddings run (its ranker, if one
// was trained for it, and the user's vector in its slot), the user's attributes, segment in the
// current segments run, one row per owned device (its product), and per product and event type
// the count and latest time of the user's events (views, carts, purchases, ...). Live: an event
// tracked a second ago counts. One row per known user of $userIds (one id for a request, a page of
// them when the answer cache warms up); none for an unknown user. Without a ranker on the run, the
// devices and events are not read (the caller falls back to the embeddings path at once): the
// WHERE leaves each subquery no rows, and its collect() then returns one empty list. With a ranker
// and a sequence model on the run, the user's stored session state too (the ranker's seq_* features,
// libs/serving/src/ranker-sequence.ts): null without one.
OPTIONAL MATCH (run:Run {kind: 'embeddings', current: true})
OPTIONAL MATCH (segRun:Run {kind: 'segments', current: true})
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
  WITH u, run
  WITH u WHERE run.ranker IS NOT NULL
  OPTIONAL MATCH (u)-[:OWNS]->(:Device)-[:INSTANCE_OF]->(p:Product)
  RETURN collect(p.id) AS ownedDevices
}
CALL {
  WITH u, run
  WITH u WHERE run.ranker IS NOT NULL
  OPTIONAL MATCH (u)-[:PERFORMED]->(e:Event)-[:ABOUT]->(p:Product)
  WITH p.id AS productId, e.type AS type, count(e) AS n, max(e.timestamp) AS last
  WHERE productId IS NOT NULL
  RETURN collect({productId: productId, type: type, n: n, last: last.epochMillis}) AS events
}
CALL {
  WITH u, run
  WITH u WHERE run.ranker IS NOT NULL AND run.sequence IS NOT NULL
  OPTIONAL MATCH (ss:SessionState {userId: u.id})
  RETURN head(collect(ss.state)) AS sessionState
}
RETURN u.id AS userId, u.home_type AS homeType, u.region AS region, toString(u.signup_date) AS signupDate,
       run.id AS runId, run.slot AS slot, run.ranker AS ranker,
       CASE WHEN run IS NULL THEN null ELSE u['embedding_' + run.slot] END AS embedding,
       segment, ownedDevices, events,
       CASE WHEN run.ranker IS NULL THEN null ELSE run.sequence END AS sequence, sessionState
