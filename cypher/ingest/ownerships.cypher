// $rows: [{user_id, device_id, since}]; devices were checked to exist; unknown users become stubs.
UNWIND $rows AS r
MERGE (u:User {id: r.user_id})
  ON CREATE SET u.stub = true
WITH u, r
MATCH (d:Device {id: r.device_id})
OPTIONAL MATCH (u)-[old:OWNS]->(d)
WITH u, d, r, properties(old) AS before
MERGE (u)-[o:OWNS]->(d)
SET o.since = CASE WHEN r.since IS NULL THEN null ELSE datetime({epochMillis: toInteger(r.since)}) END
WITH u, before IS NULL OR before <> properties(o) AS changed
// The owner's cached answers are dropped by the serving change feed (cypher/serving/changes.cypher).
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET u.changedAt = timestamp())
RETURN count(CASE WHEN changed THEN 1 END) AS changed
