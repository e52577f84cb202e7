// A configured slot and an ARM (its counters) to each of its eligible products: those named in
// $productIds and those of $categories. Counters start at 0 and are never reset here, so a
// restart (or a second API process) keeps every posterior. Products removed from the
// configuration keep their arm, but are no longer read ($productIds/$categories filter the reads).
MERGE (s:Slot {id: $slot})
SET s.policy = $policy
WITH s
MATCH (p:Product)
WHERE p.id IN $productIds OR p.category IN $categories
MERGE (s)-[a:ARM]->(p)
  ON CREATE SET a.shows = 0, a.clicks = 0, a.purchases = 0, a.value = 0.0
RETURN count(a) AS arms
