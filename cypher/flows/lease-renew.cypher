// Extends the lease only while we still hold it (an expired lease taken over by another is lost).
MATCH (l:FlowLease {name: $name})
WHERE l.holder = $holder
SET l.expiresAt = $expiresAt
RETURN l.holder AS holder
