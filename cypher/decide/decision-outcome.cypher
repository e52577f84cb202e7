// Records one outcome of a decision ($kind: impression | click | purchase) and moves its slot's
// counters, each at most once per decision. The decision is locked first (the SET/REMOVE pair
// takes its write lock), so two deliveries of the same outcome at once count once; the counter
// increments read-and-write under the arm's lock (Cypher locks a SET whose value reads the same
// property), so concurrent outcomes from many API processes add up exactly.
// A click implies the product was shown: it counts the impression too when none was recorded.
// $attributable: the purchase fell inside the attribution window (checked by the caller).
MATCH (d:Decision {id: $decisionId})
SET d.lock = true
REMOVE d.lock
WITH d,
     CASE WHEN $kind IN ['impression', 'click'] AND d.impressedAt IS NULL THEN 1 ELSE 0 END AS shown,
     CASE WHEN $kind = 'click' AND d.clickedAt IS NULL THEN 1 ELSE 0 END AS clicked,
     CASE WHEN $kind = 'purchase' AND $attributable AND d.purchasedAt IS NULL THEN 1 ELSE 0 END AS bought
SET d.impressedAt = CASE WHEN shown = 1 THEN $at ELSE d.impressedAt END,
    d.clickedAt = CASE WHEN clicked = 1 THEN $at ELSE d.clickedAt END,
    d.purchasedAt = CASE WHEN bought = 1 THEN $at ELSE d.purchasedAt END,
    d.value = CASE WHEN bought = 1 THEN $value ELSE d.value END
WITH d, shown, clicked, bought
OPTIONAL MATCH (:Slot {id: d.slot})-[a:ARM]->(:Product {id: d.productId})
FOREACH (_ IN CASE WHEN a IS NOT NULL AND shown + clicked + bought > 0 THEN [1] ELSE [] END |
  SET a.shows = a.shows + shown, a.clicks = a.clicks + clicked,
      a.purchases = a.purchases + bought, a.value = a.value + bought * $value)
RETURN shown + clicked + bought > 0 AS counted
