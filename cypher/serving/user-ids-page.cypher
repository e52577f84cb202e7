// A page of user ids in id order after $after (the unique index gives the order), stubs left out:
// the answer cache's warm-up walks every user this way.
MATCH (u:User) WHERE u.id > $after AND u.stub IS NULL
RETURN u.id AS id ORDER BY u.id
LIMIT $n
