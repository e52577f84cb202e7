// $rows: [{id, name, category, price, compatible_with, genres, release_date}]; returns how many changed.
UNWIND $rows AS r
OPTIONAL MATCH (old:Product {id: r.id})
WITH r, properties(old) AS before
MERGE (p:Product {id: r.id})
SET p.name = r.name,
    p.category = r.category,
    p.price = r.price,
    p.compatible_with = r.compatible_with,
    p.genres = r.genres,
    p.release_date = CASE WHEN r.release_date IS NULL THEN null ELSE date(r.release_date) END
RETURN count(CASE WHEN before IS NULL OR before <> properties(p) THEN 1 END) AS changed
