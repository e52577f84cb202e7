// Node counts per label of the model (count store lookups: constant time).
CALL { MATCH (n:User) RETURN count(n) AS users }
CALL { MATCH (n:Product) RETURN count(n) AS products }
CALL { MATCH (n:Device) RETURN count(n) AS devices }
CALL { MATCH (n:Event) RETURN count(n) AS events }
CALL { MATCH (:User)-[r:OWNS]->() RETURN count(r) AS ownerships }
CALL { MATCH (n:User {stub: true}) RETURN count(n) AS stubUsers }
RETURN users, products, devices, events, ownerships, stubUsers
