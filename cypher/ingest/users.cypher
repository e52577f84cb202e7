// $rows: [{id, home_type, region, signup_date, age, gender, occupation, zip}]; a row replaces a stub.
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
RETURN count(CASE WHEN before IS NULL OR before <> properties(u) THEN 1 END) AS changed
