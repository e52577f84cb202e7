// A new run starts 'writing': nothing reads it until run-complete moves the serving flag to it.
CREATE (r:Run {id: $id, kind: $kind, status: 'writing', current: false, startedAt: datetime($startedAt), params: $params})
RETURN r.id AS id
