MATCH (u:User)-[:OWNS]->(d:Device)
RETURN u.id AS user_id, d.id AS device_id
