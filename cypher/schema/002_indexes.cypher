// Products by category (API filters). Events get no extra indexes: each one costs ingest speed,
// and events are reached from their user or product, never searched by type or time.
CREATE INDEX product_category IF NOT EXISTS FOR (n:Product) ON (n.category);
// Users created from an event before their row arrived (see the README's ingest policy).
CREATE INDEX user_stub IF NOT EXISTS FOR (n:User) ON (n.stub);
// Free-text search over product names for the explorer; users and devices are found by id
// through their unique index (a full-text entry per user would slow ingest for no gain).
CREATE FULLTEXT INDEX node_search IF NOT EXISTS FOR (n:Product) ON EACH [n.name, n.id];
