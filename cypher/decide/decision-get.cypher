// One decision, to check an outcome against it (whose, which product, when).
MATCH (d:Decision {id: $decisionId})
RETURN d.userId AS userId, d.productId AS productId, d.slot AS slot, d.createdAt AS createdAt
