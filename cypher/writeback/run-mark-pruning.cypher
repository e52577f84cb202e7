// First step of deleting a run: from now on it is neither served nor usable as a delta base, and an
// interrupted prune is finished by the next one.
MATCH (r:Run {id: $id})
WHERE coalesce(r.current, false) = false
SET r.status = 'pruning'
RETURN r.id AS id
