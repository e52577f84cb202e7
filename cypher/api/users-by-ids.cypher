// Users by external id (properties shown to analysts and the CRM).
UNWIND $ids AS id
MATCH (u:User {id: id})
RETURN u.id AS id, properties(u) AS properties
