// Any node but the schema bookkeeping: a database holding one is not empty, and the bulk load
// (which writes a new store) refuses it. Stops at the first such node.
OPTIONAL MATCH (n) WHERE NOT n:Migration
WITH n LIMIT 1
RETURN n IS NOT NULL AS hasData
