// Live session states of several users in one round trip (the API batches the reads of concurrent
// requests): one row per asked user, state null and version 0 when it has none.
UNWIND $userIds AS userId
OPTIONAL MATCH (s:SessionState {userId: userId})
RETURN userId, s.state AS state, coalesce(s.version, 0) AS version
