MATCH (p:Product)
RETURN p.id AS id, p.category AS category, p.price AS price, p.genres AS genres
