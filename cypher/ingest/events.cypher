// One round trip per batch. Columns arrive as parallel lists (cheaper to send than a map per row):
// $ids, $users, $types, $products, $devices, $timestamps, $values. Ids are unique within the batch.
// Returns the rows not written: `existing` (events are written once, never rewritten), or a missing reference.
// Unknown users become stubs (User {stub: true}) that a later users row fills in. Each user
// written gets `changedAt` (server ms) for the serving change feed.
UNWIND range(0, size($ids) - 1) AS i
OPTIONAL MATCH (p:Product {id: $products[i]})
OPTIONAL MATCH (d:Device {id: $devices[i]})
OPTIONAL MATCH (old:Event {id: $ids[i]})
WITH i, p, d,
     CASE WHEN p IS NULL THEN 'unknown product "' + $products[i] + '"'
          WHEN $devices[i] IS NOT NULL AND d IS NULL THEN 'unknown device "' + $devices[i] + '"'
          WHEN old IS NOT NULL THEN 'existing'
     END AS refused
CALL {
  WITH i, p, d, refused
  WITH i, p, d WHERE refused IS NULL
  MERGE (u:User {id: $users[i]})
    ON CREATE SET u.stub = true
  // The serving change feed drops this user's cached answers (cypher/serving/changes.cypher).
  SET u.changedAt = timestamp()
  CREATE (u)-[:PERFORMED]->(e:Event {id: $ids[i], type: $types[i], timestamp: datetime({epochMillis: toInteger($timestamps[i])}), value: $values[i]})
  CREATE (e)-[:ABOUT]->(p)
  FOREACH (device IN CASE WHEN d IS NULL THEN [] ELSE [d] END | CREATE (e)-[:FROM_DEVICE]->(device))
}
WITH i, refused WHERE refused IS NOT NULL
RETURN i, refused
