// The devices each user owns, with the product each is an instance of (batched per request).
UNWIND $ids AS userId
MATCH (:User {id: userId})-[:OWNS]->(d:Device)-[:INSTANCE_OF]->(p:Product)
RETURN userId, d.id AS id, p.id AS productId
ORDER BY userId, id
