// Newest first. Run nodes are few (retention keeps a handful per kind), so no index is needed.
MATCH (r:Run)
WHERE $kind IS NULL OR r.kind = $kind
RETURN r.id AS id, r.kind AS kind, r.status AS status, coalesce(r.current, false) AS current,
       toString(r.startedAt) AS startedAt, toString(r.finishedAt) AS finishedAt,
       r.params AS params, r.metrics AS metrics, r.error AS error
ORDER BY r.startedAt DESC, r.id DESC
