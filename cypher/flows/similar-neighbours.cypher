// The top-$k related products of every product in the given embeddings runs, to compare two runs
// (embedding drift: vectors of two trainings live in different bases, their neighbourhoods do not).
MATCH (p:Product)-[s:SIMILAR_TO]->(q:Product)
WHERE s.runId IN $runIds AND s.rank <= $k
RETURN p.id AS product, s.runId AS runId, collect(q.id) AS neighbours
