// Interaction logs name items that no product file describes: they become minimal products.
UNWIND $ids AS id
MERGE (p:Product {id: id})
  ON CREATE SET p.name = id, p.category = 'item'
