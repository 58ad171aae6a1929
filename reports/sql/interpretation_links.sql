-- Policy ↔ interpretation pairs with the titles of both postings.
WITH linked AS (
    SELECT site_id, policy_url AS url FROM interpretation_links WHERE run_id = $run_id
    UNION
    SELECT site_id, interpretation_url FROM interpretation_links WHERE run_id = $run_id
),
titles AS (
    SELECT p.site_id, p.url, any_value(p.title) AS title
    FROM postings AS p
    SEMI JOIN linked AS l ON l.site_id = p.site_id AND l.url = p.url
    WHERE p.run_id = $run_id
    GROUP BY ALL
)
SELECT
    l.site_id, coalesce(si.name, l.site_id) AS site_name,
    pt.title AS policy_title, l.policy_url, l.policy_date,
    it.title AS interpretation_title, l.interpretation_url, l.interpretation_date,
    l.lag_workdays, l.timely, l.method, l.confidence
FROM interpretation_links AS l
LEFT JOIN titles AS pt ON pt.site_id = l.site_id AND pt.url = l.policy_url
LEFT JOIN titles AS it ON it.site_id = l.site_id AND it.url = l.interpretation_url
LEFT JOIN sites AS si ON si.run_id = l.run_id AND si.site_id = l.site_id
WHERE l.run_id = $run_id
ORDER BY l.site_id, l.policy_date NULLS LAST, l.policy_url, l.interpretation_url;
