// The user map: about $first users drawn uniformly (each with probability $first / users, so the
// sample spreads over the whole base rather than the first users scanned; LIMIT caps the draw),
// each with their vector of the current embeddings run and their segment in the current segments
// run (none when no run is current; its id is returned with the points). The slot property is chosen by an explicit CASE over the two
// allowlisted slots, never built from data. Users without a vector (new since training) are skipped.
// No embeddings run: no points.
OPTIONAL MATCH (run:Run {kind: 'embeddings', current: true})
OPTIONAL MATCH (segmentRun:Run {kind: 'segments', current: true})
CALL () {
  MATCH (u:User)
  RETURN count(u) AS population
}
CALL (run, population, segmentRun) {
  MATCH (u:User)
  WHERE run IS NOT NULL AND population > 0 AND rand() < toFloat($first) / population
  WITH u, CASE run.slot WHEN 'a' THEN u.embedding_a WHEN 'b' THEN u.embedding_b ELSE null END AS vector
  WHERE vector IS NOT NULL
  WITH u, vector LIMIT $first
  OPTIONAL MATCH (u)-[:IN_SEGMENT]->(s:Segment {runId: segmentRun.id})
  RETURN collect({userId: u.id, segmentId: s.segmentId, vector: vector}) AS points
}
RETURN run.id AS embeddingRunId, segmentRun.id AS segmentRunId, population, points
