MATCH (r:Run {kind: $kind, current: true})
RETURN r.id AS id, r.kind AS kind, r.status AS status, true AS current,
       toString(r.startedAt) AS startedAt, toString(r.finishedAt) AS finishedAt,
       r.params AS params, r.metrics AS metrics, r.error AS error
