// Every user's vector in a slot ($prop is an allowlisted slot property), streamed, for segmenting
// on embeddings. Users without one (new since training) are simply absent.
MATCH (u:User)
WHERE u[$prop] IS NOT NULL
RETURN u.id AS id, u[$prop] AS vector
