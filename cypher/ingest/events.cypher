// $rows: new events only (ids checked absent, products and devices checked present, in this transaction).
// Unknown users become stubs (User {stub: true}) that a later users row fills in.
UNWIND $rows AS r
MATCH (p:Product {id: r.product_id})
MERGE (u:User {id: r.user_id})
  ON CREATE SET u.stub = true
CREATE (u)-[:PERFORMED]->(e:Event {id: r.id, type: r.type, timestamp: datetime({epochMillis: r.timestamp}), value: r.value})
CREATE (e)-[:ABOUT]->(p)
WITH e, r
WHERE r.device_id IS NOT NULL
MATCH (d:Device {id: r.device_id})
CREATE (e)-[:FROM_DEVICE]->(d)
