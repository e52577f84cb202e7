// Every configured slot's eligible products with their shared counters ($slots: [{id, productIds,
// categories}]): what each API process reads to rebuild the slot's policy on each refresh.
UNWIND $slots AS slot
MATCH (:Slot {id: slot.id})-[a:ARM]->(p:Product)
WHERE p.id IN slot.productIds OR p.category IN slot.categories
RETURN slot.id AS slot, p.id AS productId, p.name AS name, p.category AS category, p.price AS price,
       coalesce(p.compatible_with, []) AS compatibleWith, a.shows AS shows, a.clicks AS clicks
ORDER BY slot, productId
