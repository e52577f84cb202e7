// Users and products changed at or after $since (server ms) whose latest change has not been
// embedded yet by the incremental updater (apps/cli/src/incremental): `incrementalAt` is set with
// `changedAt` when it writes, so a node comes back only when something changed it again. Oldest
// change first, at most $limit of each; `now` is the server clock the next poll's window starts from.
CALL {
  MATCH (u:User)
  WHERE u.changedAt >= $since AND (u.incrementalAt IS NULL OR u.incrementalAt < u.changedAt)
  WITH u ORDER BY u.changedAt, u.id
  LIMIT $limit
  RETURN collect({id: u.id, changedAt: u.changedAt}) AS users
}
CALL {
  MATCH (p:Product)
  WHERE p.changedAt >= $since AND (p.incrementalAt IS NULL OR p.incrementalAt < p.changedAt)
  WITH p ORDER BY p.changedAt, p.id
  LIMIT $limit
  RETURN collect({id: p.id, changedAt: p.changedAt}) AS products
}
RETURN users, products, timestamp() AS now
