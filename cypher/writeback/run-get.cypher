MATCH (r:Run {id: $id})
RETURN r.id AS id, r.kind AS kind, r.status AS status, coalesce(r.current, false) AS current,
       toString(r.startedAt) AS startedAt, toString(r.finishedAt) AS finishedAt,
       r.params AS params, r.metrics AS metrics, r.error AS error
