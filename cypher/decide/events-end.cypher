// The time of the latest event (epoch ms; null in an empty graph): propensity training's "now",
// the end of the label window. A scan of the events (no index on time: see schema/002_indexes).
MATCH (e:Event)
RETURN max(e.timestamp.epochMillis) AS end
