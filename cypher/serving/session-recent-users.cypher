// Users changed since $since (server ms; the user_changed_at index): only they can have a session
// open now, since every session state write stamps the user's changedAt. At most $max.
MATCH (u:User)
WHERE u.changedAt >= $since
RETURN u.id AS id
LIMIT $max
