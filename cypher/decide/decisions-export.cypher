// Served decisions in the order they were made, a page after ($afterAt, $afterId), for
// `graphrec export decisions`, optionally one slot's ($slot null: all): reward = clicked, value =
// the attributed purchase's price.
MATCH (d:Decision)
WHERE (d.createdAt > $afterAt OR (d.createdAt = $afterAt AND d.id > $afterId)) AND ($slot IS NULL OR d.slot = $slot)
RETURN d.id AS id, d.createdAt AS createdAt, d.userId AS userId, d.slot AS slot, d.context AS context,
       d.actions AS actions, d.productId AS productId, d.propensity AS propensity, d.policy AS policy,
       d.policyVersion AS policyVersion, d.clickedAt IS NOT NULL AS clicked, coalesce(d.value, 0.0) AS value
ORDER BY d.createdAt, d.id
LIMIT $limit
