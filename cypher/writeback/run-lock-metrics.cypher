// Takes the run's write lock (held until the transaction ends) before its metrics are read, so two
// models recorded on one run at once (the daily flow's branches: ranker and propensity in different
// processes) each add their figures to what the other wrote instead of overwriting it.
MATCH (r:Run {id: $id})
SET r.recordLock = true
REMOVE r.recordLock
RETURN r.id AS id
