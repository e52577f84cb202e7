// States computed from each user's history when a sequence model is trained (graphrec
// train-sequence), written before the model is recorded. A state written at or after $since (a
// trackEvent while the model trained: newer than the history read) is kept; the others are replaced,
// their version moved on so that a compare-and-set computed from the old one retries. An equal state
// is not rewritten (a rerun of the same seeded training leaves the graph as it was).
// `changedAt` on the state: when it was written (ms). The user's is not stamped: a state from history
// holds no open session (that one's live write stamped it already), and recording the model on the
// run flushes every process's answers anyway.
UNWIND $rows AS row
MATCH (:User {id: row.userId})
MERGE (s:SessionState {userId: row.userId})
  ON CREATE SET s.version = 0
SET s._lock = true
WITH s, row, (s.changedAt IS NULL OR s.changedAt < $since) AND coalesce(s.state, '') <> row.state AS stale
REMOVE s._lock
WITH s, row, stale
WHERE stale
SET s.state = row.state, s.version = s.version + 1, s.changedAt = timestamp()
RETURN count(s) AS written
