// $rows: [{id, product_id, status, installed_at}]; products were checked to exist in this transaction.
UNWIND $rows AS r
OPTIONAL MATCH (old:Device {id: r.id})
WITH r, CASE WHEN old IS NULL THEN null
             ELSE {props: properties(old), product: [(old)-[:INSTANCE_OF]->(x) | x.id]} END AS before
MATCH (p:Product {id: r.product_id})
MERGE (d:Device {id: r.id})
SET d.status = r.status,
    d.installed_at = CASE WHEN r.installed_at IS NULL THEN null ELSE datetime({epochMillis: toInteger(r.installed_at)}) END
MERGE (d)-[:INSTANCE_OF]->(p)
WITH d, p, before
// A device is an instance of one product: a corrected row moves it.
OPTIONAL MATCH (d)-[stale:INSTANCE_OF]->(other:Product) WHERE other <> p
DELETE stale
WITH DISTINCT d, before
WITH d, before IS NULL OR before <> {props: properties(d), product: [(d)-[:INSTANCE_OF]->(x) | x.id]} AS changed
// A moved or changed device changes what its owners own: the serving change feed drops their answers.
CALL {
  WITH d, changed
  WITH d WHERE changed
  MATCH (owner:User)-[:OWNS]->(d)
  SET owner.changedAt = timestamp()
}
RETURN count(CASE WHEN changed THEN 1 END) AS changed
