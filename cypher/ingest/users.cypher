// $rows: [{id, home_type, region, signup_date, age, gender, occupation, zip}]; a row replaces a stub.
// A user that changed gets `changedAt` (server ms) for the serving change feed.
UNWIND $rows AS r
OPTIONAL MATCH (old:User {id: r.id})
WITH r, properties(old) AS before
MERGE (u:User {id: r.id})
SET u.home_type = r.home_type,
    u.region = r.region,
    u.signup_date = CASE WHEN r.signup_date IS NULL THEN null ELSE date(r.signup_date) END,
    u.age = r.age,
    u.gender = r.gender,
    u.occupation = r.occupation,
    u.zip = r.zip
REMOVE u.stub
// properties(u) still holds the old changedAt here, so it compares equal when nothing else moved.
WITH u, before IS NULL OR before <> properties(u) AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET u.changedAt = timestamp())
RETURN count(CASE WHEN changed THEN 1 END) AS changed
