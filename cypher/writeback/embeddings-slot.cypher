// Claims a property slot ('a' or 'b') for a writing embeddings run, keeping the one it already has
// when a crashed write is finished: serving reads the slot of the current run, so the run being
// written never disturbs the one being served.
MATCH (r:Run {id: $runId, kind: 'embeddings', status: 'writing'})
SET r.slot = coalesce(r.slot, $slot), r.dimension = $dimension
RETURN r.slot AS slot
