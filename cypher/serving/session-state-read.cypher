// A user's live session state (libs/serving/src/sessions): the encoded state and its version
// (0 and null when the user has none yet).
OPTIONAL MATCH (s:SessionState {userId: $userId})
RETURN s.state AS state, coalesce(s.version, 0) AS version
