// A device is an instance of one product (ingest moves it when a corrected row says otherwise).
MATCH (d:Device)
OPTIONAL MATCH (d)-[:INSTANCE_OF]->(p:Product)
RETURN d.id AS id, d.status AS status, p.id AS product_id
