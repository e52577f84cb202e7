// Users changed at or after $since (server ms) whose latest change has not been embedded yet by the
// incremental updater (apps/cli/src/incremental): `incrementalAt` is set with `changedAt` when it
// writes, so a user comes back only when something changed it again. Oldest change first, at most
// $limit; `now` is the server clock the next poll's window starts from.
CALL {
  MATCH (u:User)
  WHERE u.changedAt >= $since AND (u.incrementalAt IS NULL OR u.incrementalAt < u.changedAt)
  WITH u ORDER BY u.changedAt, u.id
  LIMIT $limit
  RETURN collect({id: u.id, changedAt: u.changedAt}) AS users
}
RETURN users, timestamp() AS now
