MATCH (r:Run {id: $id})
WHERE r.status IN ['writing', 'failed']
SET r.status = 'failed', r.finishedAt = datetime(), r.error = $error
RETURN r.id AS id
