// One row per event, streamed: the projection folds them into weighted user–product edges.
MATCH (u:User)-[:PERFORMED]->(e:Event)-[:ABOUT]->(p:Product)
RETURN u.id AS user_id, p.id AS product_id, e.type AS type, e.timestamp.epochMillis AS ts, e.value AS value
