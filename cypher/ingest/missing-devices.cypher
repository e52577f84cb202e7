UNWIND $ids AS id
OPTIONAL MATCH (d:Device {id: id})
WITH id, d WHERE d IS NULL
RETURN collect(id) AS missing
