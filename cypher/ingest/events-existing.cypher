// Event ids of this batch that are already stored: events are written once and never rewritten.
UNWIND $ids AS id
MATCH (e:Event {id: id})
RETURN collect(id) AS existing
