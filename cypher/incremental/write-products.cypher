// New or changed products' vectors from the served model into the run's slot property ($prop, from
// an allowlist in code), so the slot's vector index finds them; only where the product has not
// changed since the updater read it. The write moves `changedAt`, which the serving change feed
// treats as a product change (every cached answer is dropped: any answer may now include it).
// Their SIMILAR_TO links and conversion statistics come with the next full run.
UNWIND $rows AS row
MATCH (p:Product {id: row.id})
WHERE p.changedAt = row.changedAt
SET p[$prop] = row.vector, p.changedAt = timestamp(), p.incrementalAt = timestamp()
RETURN count(p) AS written
