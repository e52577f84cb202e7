// Takes the lease when it is free, expired, or already ours. The SET before the check takes the
// node's write lock, so two processes racing here are serialised and the second sees the first's holder.
MERGE (l:FlowLease {name: $name})
SET l.touchedAt = $now
WITH l
WHERE l.holder IS NULL OR l.expiresAt < $now OR l.holder = $holder
SET l.holder = $holder, l.expiresAt = $expiresAt
RETURN l.holder AS holder
