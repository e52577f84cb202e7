// Taken in every write transaction of a run: a run that is no longer 'writing' gets no more rows.
MATCH (r:Run {id: $runId, kind: 'segments', status: 'writing'})
RETURN r.id AS id
