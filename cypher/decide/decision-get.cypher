// One decision, to check an outcome against it (whose, which product, when) and which outcomes it
// already has (a Redis posterior store must not count those again once its own marks expired).
MATCH (d:Decision {id: $decisionId})
RETURN d.userId AS userId, d.productId AS productId, d.slot AS slot, d.createdAt AS createdAt,
       d.impressedAt IS NOT NULL AS impressed, d.clickedAt IS NOT NULL AS clicked, d.purchasedAt IS NOT NULL AS purchased
