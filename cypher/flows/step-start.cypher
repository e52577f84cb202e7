// Counts the attempt up (a retry, or a step taken over from a killed worker) and marks it running.
MATCH (s:StepRun {id: $runId + '/' + $step})
SET s.status = 'running', s.startedAt = $at, s.attempts = coalesce(s.attempts, 0) + 1, s.error = null
RETURN s.attempts AS attempts
