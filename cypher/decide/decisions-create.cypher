// A batch of served decisions ($decisions: [{id, slot, userId, productId, actions, context,
// propensity, policy, policyVersion, createdAt}]); context is a JSON text, createdAt server ms.
UNWIND $decisions AS d
CREATE (:Decision {id: d.id, slot: d.slot, userId: d.userId, productId: d.productId, actions: d.actions,
                   context: d.context, propensity: d.propensity, policy: d.policy,
                   policyVersion: d.policyVersion, createdAt: d.createdAt})
RETURN count(*) AS created
