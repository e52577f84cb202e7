// The served sequence model: the record (JSON, libs/writeback/src/sequence-run.ts) on the current
// embeddings run; null when none was trained for it.
OPTIONAL MATCH (r:Run {kind: 'embeddings', current: true})
RETURN r.id AS runId, r.sequence AS sequence
