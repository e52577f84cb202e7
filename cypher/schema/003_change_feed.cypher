// The serving change feed (libs/serving/src/change-feed.ts) finds users and products written since
// its last poll by `changedAt` (server milliseconds, set by every ingest write that changes them).
CREATE RANGE INDEX user_changed_at IF NOT EXISTS FOR (n:User) ON (n.changedAt);
CREATE RANGE INDEX product_changed_at IF NOT EXISTS FOR (n:Product) ON (n.changedAt);
