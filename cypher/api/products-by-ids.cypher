// Products by external id, for the per-request product loader; unknown ids are simply absent.
UNWIND $ids AS id
MATCH (p:Product {id: id})
RETURN p.id AS id, p.name AS name, p.category AS category, p.price AS price, coalesce(p.compatible_with, []) AS compatibleWith
