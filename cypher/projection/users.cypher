// Every user, stubs included (they have an id and nothing else). Dates as ISO text, as the files give them.
MATCH (u:User)
RETURN u.id AS id, u.home_type AS home_type, u.region AS region, toString(u.signup_date) AS signup_date,
       u.age AS age, u.gender AS gender, u.occupation AS occupation
