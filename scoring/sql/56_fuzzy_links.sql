-- Turn the fuzzy matcher's row ids back into URLs.
INSERT INTO fuzzy_links
SELECT i.site_id, i.url, p.url, m.confidence
FROM fuzzy_matches m
JOIN fuzzy_inputs i ON i.id = m.interp_id
JOIN fuzzy_inputs p ON p.id = m.policy_id;
