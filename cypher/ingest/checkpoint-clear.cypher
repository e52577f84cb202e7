MATCH (c:IngestCheckpoint {key: $key}) DELETE c
