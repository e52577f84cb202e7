// The current segments and embeddings runs (null when none), for filters that hide other runs.
OPTIONAL MATCH (s:Run {kind: 'segments', current: true})
OPTIONAL MATCH (e:Run {kind: 'embeddings', current: true})
RETURN s.id AS segmentRunId, e.id AS embeddingRunId
