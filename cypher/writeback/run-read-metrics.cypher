// The run's metrics, read after run-lock-metrics took the lock in the same transaction.
MATCH (r:Run {id: $id})
RETURN r.metrics AS metrics
