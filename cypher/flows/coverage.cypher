// Coverage after a run: users in the graph, those with a segment in the served segments run and
// those with a vector in the served embeddings slot ($property: embedding_a or embedding_b, from
// the allowlist in libs/writeback embedding-slots.ts).
CALL { MATCH (u:User) RETURN count(u) AS users }
CALL { MATCH (u:User)-[:IN_SEGMENT]->(:Segment {runId: $segmentsRun}) RETURN count(DISTINCT u) AS segmented }
CALL { MATCH (u:User) WHERE $property IS NOT NULL AND u[$property] IS NOT NULL RETURN count(u) AS embedded }
RETURN users, segmented, embedded
