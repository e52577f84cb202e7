// A node by label and external id; each branch is a unique-index seek and only the branch of
// $label returns anything. Segments are looked up in the current segments run.
CALL () {
  MATCH (n:User {id: $id}) WHERE $label = 'User' RETURN n
  UNION
  MATCH (n:Device {id: $id}) WHERE $label = 'Device' RETURN n
  UNION
  MATCH (n:Product {id: $id}) WHERE $label = 'Product' RETURN n
  UNION
  MATCH (n:Event {id: $id}) WHERE $label = 'Event' RETURN n
  UNION
  MATCH (r:Run {kind: 'segments', current: true})
  MATCH (n:Segment {id: r.id + ':' + $id}) WHERE $label = 'Segment' RETURN n
}
RETURN elementId(n) AS elementId, labels(n) AS labels, properties(n) AS props
