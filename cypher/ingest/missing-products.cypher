UNWIND $ids AS id
OPTIONAL MATCH (p:Product {id: id})
WITH id, p WHERE p IS NULL
RETURN collect(id) AS missing
