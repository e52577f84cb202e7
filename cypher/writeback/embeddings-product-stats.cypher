// Per-product serving figures of the run, in its slot: Beta-smoothed conversion rate (cold start),
// buyers, engaged users and holders (explanations). Property names come from an allowlist in code.
UNWIND $rows AS row
MATCH (p:Product {id: row.id})
SET p[$popularity] = row.rate, p[$buyers] = row.buyers, p[$engaged] = row.engaged, p[$holders] = row.holders
RETURN count(p) AS written
