// States computed from each user's history when a sequence model is trained (graphrec
// train-sequence), written before the model is recorded. A state written at or after $since (a
// trackEvent while the model trained: newer than the history read) is kept; the others are replaced,
// their version moved on so that a compare-and-set computed from the old one retries. An equal state
// is not rewritten (a rerun of the same seeded training leaves the graph as it was).
// `changedAt` on the state: when it was written (ms), as on users and products.
UNWIND $rows AS row
MATCH (u:User {id: row.userId})
MERGE (s:SessionState {userId: row.userId})
  ON CREATE SET s.version = 0
SET s._lock = true
WITH u, s, row, (s.changedAt IS NULL OR s.changedAt < $since) AND coalesce(s.state, '') <> row.state AS stale
REMOVE s._lock
WITH u, s, row, stale
WHERE stale
SET s.state = row.state, s.version = s.version + 1, s.changedAt = timestamp(), u.changedAt = timestamp()
RETURN count(s) AS written
