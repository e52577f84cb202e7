// Stamps one outcome on a decision node, each kind at most once, without moving any counter: the
// decision log's copy when the slot's counters live in Redis (libs/serving redis-posterior-store.ts,
// which counts). Idempotent, so a delivery repeated after a failed stamp completes it.
// $attributable: the purchase fell inside the attribution window (checked by the caller).
MATCH (d:Decision {id: $decisionId})
SET d.impressedAt = CASE WHEN $kind IN ['impression', 'click'] AND d.impressedAt IS NULL THEN $at ELSE d.impressedAt END,
    d.clickedAt = CASE WHEN $kind = 'click' AND d.clickedAt IS NULL THEN $at ELSE d.clickedAt END,
    d.value = CASE WHEN $kind = 'purchase' AND $attributable AND d.purchasedAt IS NULL THEN $value ELSE d.value END,
    d.purchasedAt = CASE WHEN $kind = 'purchase' AND $attributable AND d.purchasedAt IS NULL THEN $at ELSE d.purchasedAt END
RETURN d.id AS id
