// Display names and compatibility for reports (segment profiles, explanations); the graph keeps only ids.
MATCH (p:Product) RETURN p.id AS id, p.name AS name, p.compatible_with AS compatibleWith
