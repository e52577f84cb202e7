// Products by name or id through the node_search full-text index; $query is already escaped.
CALL db.index.fulltext.queryNodes('node_search', $query) YIELD node, score
RETURN elementId(node) AS elementId, labels(node) AS labels, properties(node) AS props, score
ORDER BY score DESC
LIMIT $first
