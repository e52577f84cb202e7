// The embeddings run that serving reads, with its slot and dimension.
MATCH (r:Run {kind: 'embeddings', current: true})
RETURN r.id AS runId, r.slot AS slot, r.dimension AS dimension
