// Compare-and-set of a user's session state: written only when its version is still $version (the
// one the state was computed from), so that two trackEvents for one user at once never lose one
// (the loser reads again and retries). `SET s._lock` takes the node's write lock before the
// version is read: a concurrent writer waits for it and then sees the committed version.
// The user's `changedAt` tells every API process's change feed to drop its cached answers.
// No row back: the version moved on (or the user does not exist).
MATCH (u:User {id: $userId})
MERGE (s:SessionState {userId: $userId})
  ON CREATE SET s.version = 0
SET s._lock = true
WITH u, s, s.version = $version AS fresh
REMOVE s._lock
WITH u, s, fresh
WHERE fresh
SET s.state = $state, s.version = $version + 1, s.changedAt = timestamp(), u.changedAt = timestamp()
RETURN s.version AS version
