// Names and categories of the sequence model's items, for its answers.
MATCH (p:Product)
WHERE p.id IN $ids
RETURN p.id AS id, p.name AS name, p.category AS category
