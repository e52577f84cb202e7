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
// properties(p) still holds the old changedAt here; a changed product flushes every cached answer
// (names and categories are in them) through the serving change feed.
WITH p, before IS NULL OR before <> properties(p) AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET p.changedAt = timestamp())
RETURN count(CASE WHEN changed THEN 1 END) AS changed
