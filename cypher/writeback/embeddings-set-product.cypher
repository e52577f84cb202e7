// One batch of Product embeddings into the run's slot property ($prop is 'embedding_a' or
// 'embedding_b', chosen from an allowlist in code). SET, not MERGE: write-back never creates nodes.
UNWIND $rows AS row
MATCH (n:Product {id: row.id})
SET n[$prop] = row.vector
RETURN count(n) AS written
