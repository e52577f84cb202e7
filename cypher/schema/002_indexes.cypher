// Filters the projection and the API use: events by type and time, products by category.
CREATE INDEX event_type IF NOT EXISTS FOR (n:Event) ON (n.type);
CREATE INDEX event_timestamp IF NOT EXISTS FOR (n:Event) ON (n.timestamp);
CREATE INDEX product_category IF NOT EXISTS FOR (n:Product) ON (n.category);
// Users created from an event before their row arrived (see the README's ingest policy).
CREATE INDEX user_stub IF NOT EXISTS FOR (n:User) ON (n.stub);
// Free-text search over names and ids for the explorer.
CREATE FULLTEXT INDEX node_search IF NOT EXISTS FOR (n:User|Product|Device) ON EACH [n.id, n.name];
