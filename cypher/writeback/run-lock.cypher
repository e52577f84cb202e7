// Write-locks every run of the kind (in id order, to avoid deadlocks) so that two completions of
// the same kind serialise: the second one then sees the first one's flag and clears it.
MATCH (r:Run {kind: $kind})
WITH r ORDER BY r.id
SET r._lock = true
REMOVE r._lock
RETURN count(r) AS locked
