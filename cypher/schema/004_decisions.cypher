// Served decisions (issue 11): a slot per named placement, one Decision node per decision served.
// The id constraints also give the index MERGE and the outcome lookups use.
CREATE CONSTRAINT slot_id IF NOT EXISTS FOR (n:Slot) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT decision_id IF NOT EXISTS FOR (n:Decision) REQUIRE n.id IS UNIQUE;
// `graphrec export decisions` pages through decisions in the order they were made.
CREATE INDEX decision_created IF NOT EXISTS FOR (n:Decision) ON (n.createdAt);
