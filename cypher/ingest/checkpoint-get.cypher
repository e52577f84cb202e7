MATCH (c:IngestCheckpoint {key: $key})
RETURN c {.*} AS checkpoint
