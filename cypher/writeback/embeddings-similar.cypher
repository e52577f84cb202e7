// Top-K nearest products per product for one run. MERGE on (from, to, runId) so that finishing a
// crashed write for the same run updates instead of duplicating.
UNWIND $rows AS row
MATCH (p:Product {id: row.from}), (q:Product {id: row.to})
MERGE (p)-[s:SIMILAR_TO {runId: $runId}]->(q)
SET s.score = row.score, s.cosine = row.cosine, s.rank = row.rank, s.coUsers = row.coUsers, s.share = row.share
RETURN count(s) AS written
