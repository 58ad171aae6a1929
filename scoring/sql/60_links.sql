-- All links with their dates and working-day lag; timely = within the interpretation rule.
CREATE OR REPLACE TEMP TABLE links AS
WITH all_links AS (
    SELECT site_id, interpretation_url, policy_url, method, confidence FROM exact_links
    UNION ALL
    SELECT site_id, interpretation_url, policy_url, 'fuzzy', confidence FROM fuzzy_links
)
SELECT l.site_id, l.interpretation_url, l.policy_url, l.method, l.confidence,
       i.published_date AS interpretation_date,
       p.published_date AS policy_date,
       wi.wd_index - wp.wd_index AS lag_workdays,
       coalesce(wi.wd_index - wp.wd_index <= c.interp_max_workdays, false) AS timely
FROM all_links l
CROSS JOIN ctx c
JOIN interp_candidates i ON i.site_id = l.site_id AND i.url = l.interpretation_url
JOIN policies p ON p.site_id = l.site_id AND p.url = l.policy_url
LEFT JOIN wd wi ON wi.day = i.published_date
LEFT JOIN wd wp ON wp.day = p.published_date;

-- Per policy of the window: its links; per site: policies, interpreted, interpreted in time.
CREATE OR REPLACE TEMP TABLE policy_interpretation AS
SELECT p.site_id, p.url, p.title, p.published_date, p.list_url, p.detail_sha256,
       count(l.interpretation_url) AS n_links,
       count(l.interpretation_url) FILTER (WHERE l.timely) AS n_timely,
       min(l.lag_workdays) AS best_lag
FROM policies p
LEFT JOIN links l ON l.site_id = p.site_id AND l.policy_url = p.url
WHERE p.in_window
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE site_interpretation AS
SELECT s.site_id,
       any_value(pc.status) AS policy_column_status,
       any_value(pc.column_name) AS policy_column_name,
       any_value(pc.list_url) AS policy_list_url,
       any_value(pc.list_sha256) AS policy_list_sha256,
       count(pi.url) AS policies,
       count(pi.url) FILTER (WHERE pi.n_links > 0) AS interpreted,
       count(pi.url) FILTER (WHERE pi.n_timely > 0) AS timely
FROM site_base s
CROSS JOIN ctx c
JOIN column_stats pc ON pc.site_id = s.site_id AND pc.column_key = c.policy_column
LEFT JOIN policy_interpretation pi ON pi.site_id = s.site_id
GROUP BY s.site_id;
