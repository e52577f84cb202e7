// One poll of the serving change feed (libs/serving/src/change-feed.ts): what every cached answer
// depends on outside its user (the served embeddings run, its ranker and sequence model, the current segments run,
// the latest product change) and the users changed since $since (server ms; null: none, the first
// poll only learns the clock). At most $max users: a larger batch (a bulk load) flushes everything.
OPTIONAL MATCH (run:Run {kind: 'embeddings', current: true})
OPTIONAL MATCH (seg:Run {kind: 'segments', current: true})
CALL {
  MATCH (u:User) WHERE $since IS NOT NULL AND u.changedAt >= $since
  WITH u LIMIT $max
  RETURN collect([u.id, u.changedAt]) AS users
}
CALL {
  MATCH (p:Product) WHERE p.changedAt IS NOT NULL
  RETURN max(p.changedAt) AS productsChangedAt
}
RETURN run.id AS runId, run.ranker AS ranker, run.sequence AS sequence, seg.id AS segmentsRunId, users, productsChangedAt, timestamp() AS now
