// Written in the same transaction as the batch it follows, so it can never run ahead of the data.
MERGE (c:IngestCheckpoint {key: $key})
SET c += $state, c.updatedAt = datetime()
