// A shortest path of at most 6 hops (the API's ceiling; $maxLength cuts it further) that does not
// pass through bookkeeping nodes or segments of other runs.
MATCH (a) WHERE elementId(a) = $from
MATCH (b) WHERE elementId(b) = $to
MATCH p = shortestPath((a)-[*..6]-(b))
WHERE all(x IN nodes(p) WHERE NOT x:Run AND (NOT x:Segment OR x.runId = $segmentRunId))
WITH p WHERE length(p) <= $maxLength
RETURN [x IN nodes(p) | {elementId: elementId(x), labels: labels(x), props: properties(x)}] AS nodes,
       [r IN relationships(p) | {edgeId: elementId(r), type: type(r), source: elementId(startNode(r)), target: elementId(endNode(r)), edgeProps: properties(r)}] AS edges
LIMIT 1
