// $segments: [{segmentId, label, size, profile (JSON text)}]. MERGE on the run-scoped id, so a
// rerun of a crashed write for the same run updates rather than duplicates.
UNWIND $segments AS seg
MERGE (s:Segment {id: $runId + ':' + seg.segmentId})
SET s.segmentId = seg.segmentId, s.runId = $runId, s.label = seg.label, s.size = seg.size, s.profile = seg.profile
RETURN count(s) AS written
