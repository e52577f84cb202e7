MATCH (l:FlowLease {name: $name})
WHERE l.holder = $holder
SET l.holder = null, l.expiresAt = null
