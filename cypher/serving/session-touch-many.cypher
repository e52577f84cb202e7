// Session states of these users changed in Redis (seeded from history): stamp `changedAt` so that
// every API process's change feed drops their cached answers.
UNWIND $userIds AS userId
MATCH (u:User {id: userId})
SET u.changedAt = timestamp()
