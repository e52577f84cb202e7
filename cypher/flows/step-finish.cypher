// outputs and metrics are JSON text (maps of values); error/skipped say why it failed or had nothing to do.
MATCH (s:StepRun {id: $runId + '/' + $step})
SET s.status = $status, s.finishedAt = $finishedAt, s.seconds = $seconds,
    s.outputs = $outputs, s.metrics = $metrics, s.error = $error, s.skipped = $skipped
