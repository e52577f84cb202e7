// Last step of a prune, after everything the run wrote is gone.
MATCH (r:Run {id: $id, status: 'pruning'})
DELETE r
RETURN count(*) AS n
