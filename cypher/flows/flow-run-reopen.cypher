// --resume: the run runs again; failed (or interrupted) steps are pending, complete ones keep their outputs.
MATCH (f:FlowRun {id: $id})
SET f.status = 'running', f.finishedAt = null, f.error = null, f.resumes = coalesce(f.resumes, 0) + 1
WITH f
OPTIONAL MATCH (f)-[:HAS_STEP]->(s:StepRun)
WHERE s.status IN ['failed', 'running']
SET s.status = 'pending'
