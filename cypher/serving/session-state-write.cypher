// Compare-and-set of a user's session state: written only when the stored session is still the one
// the new state was computed from — its version $version AND its state $expected (null: none yet) —,
// so that two trackEvents for one user at once never lose one (the loser reads again and retries).
// Why both: the read (session-state-read) takes no lock, and under read committed its two property
// reads can straddle another writer's commit (an older state with the newer version); comparing the
// version alone then accepted a state that had missed that commit's event (session 12:
// 1 of 200 events lost at 8 concurrent writers). `SET s._lock` takes the node's write lock before
// anything is compared: a concurrent writer waits for it and then sees the committed values.
// The user's `changedAt` tells every API process's change feed to drop its cached answers.
// No row back: the session moved on (or the user does not exist).
MATCH (u:User {id: $userId})
MERGE (s:SessionState {userId: $userId})
  ON CREATE SET s.version = 0
SET s._lock = true
WITH u, s, s.version = $version AND coalesce(s.state, '') = coalesce($expected, '') AS fresh
REMOVE s._lock
WITH u, s, fresh
WHERE fresh
SET s.state = $state, s.version = $version + 1, s.changedAt = timestamp(), u.changedAt = timestamp()
RETURN s.version AS version
