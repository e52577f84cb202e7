// The user's session state changed in another store (Redis): stamp `changedAt` so that every API
// process's change feed drops the user's cached answers.
MATCH (u:User {id: $userId})
SET u.changedAt = timestamp()
