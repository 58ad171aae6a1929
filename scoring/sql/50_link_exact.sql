-- Interpretation ↔ policy linking, exact methods. Policies: postings of the policy column whose
-- title is not itself an interpretation. Only postings from 92 days before the window to the as-of
-- date take part: older links cannot change the coverage of the window's policies. Candidates: postings of the interpretation column plus
-- postings elsewhere whose title names an interpretation form (解读/图解/答记者问/问答).
-- $title_keywords is bound as a constant list; plain substring tests are twice as fast as a regex.
CREATE OR REPLACE TEMP TABLE policies AS
SELECT p.site_id, p.url, p.title, p.published_date, p.doc_no, p.list_url, p.detail_sha256,
       p.published_date BETWEEN c.window_start AND c.window_end AS in_window,
       norm_name(p.title) AS name
FROM postings p, ctx c
WHERE p.run_id = c.run_id
  AND p.column_key = c.policy_column
  AND p.published_date BETWEEN c.window_start - INTERVAL 92 DAY AND c.as_of
  AND NOT list_bool_or(list_transform($title_keywords, lambda k: contains(p.title, k)));

CREATE OR REPLACE TEMP TABLE interp_candidates AS
SELECT DISTINCT ON (p.site_id, p.url)
       p.site_id, p.url, p.title, p.column_key, p.published_date,
       p.cited_urls, p.cited_names, p.cited_doc_nos
FROM postings p, ctx c
WHERE p.run_id = c.run_id
  AND p.published_date BETWEEN c.window_start - INTERVAL 92 DAY AND c.as_of
  AND (p.column_key = c.interp_column
       OR list_bool_or(list_transform($title_keywords, lambda k: contains(p.title, k))))
ORDER BY p.site_id, p.url, (p.column_key = c.interp_column) DESC, p.column_key;

-- Names are materialised: as CTEs the planner joined them far more slowly.
CREATE OR REPLACE TEMP TABLE policy_names AS
-- the full title and its part from 关于 on are the document's name; a 《》 name inside the
-- title (关于印发《…》的通知) is the name of what it issues, slightly weaker
SELECT site_id, url, name, 0.9 AS confidence FROM policies
UNION ALL
SELECT site_id, url, substr(name, strpos(name, '关于')), 0.9 FROM policies WHERE strpos(name, '关于') > 1
UNION ALL
SELECT site_id, url, norm_name(unnest(regexp_extract_all(title, '《([^》]+)》', 1))), 0.85
FROM policies WHERE contains(title, '《');

CREATE OR REPLACE TEMP TABLE interp_names AS
SELECT DISTINCT site_id, url, norm_name(n) AS name
FROM (SELECT site_id, url,
             unnest(list_concat(coalesce(cited_names, []), regexp_extract_all(title, '《([^》]+)》', 1))) AS n
      FROM interp_candidates)
WHERE length(norm_name(n)) >= 4;

CREATE OR REPLACE TEMP TABLE exact_links AS
WITH anchor AS (
    SELECT i.site_id, i.url AS interpretation_url, p.url AS policy_url,
           'anchor' AS method, 1 AS method_rank, 1.0 AS confidence
    FROM (SELECT site_id, url, unnest(cited_urls) AS cited FROM interp_candidates) i
    JOIN policies p ON p.site_id = i.site_id AND p.url = i.cited
),
doc AS (
    SELECT i.site_id, i.url, p.url, 'doc_no', 2, 0.95
    FROM (SELECT site_id, url, norm_doc_no(unnest(cited_doc_nos)) AS cited FROM interp_candidates) i
    JOIN policies p ON p.site_id = i.site_id AND norm_doc_no(p.doc_no) = i.cited
    WHERE length(i.cited) >= 4
),
name AS (
    SELECT i.site_id, i.url, pn.url, 'name', 3, max(pn.confidence)
    FROM interp_names i
    JOIN policy_names pn ON pn.site_id = i.site_id AND pn.name = i.name
    GROUP BY ALL
),
found AS (
    SELECT * FROM anchor UNION ALL SELECT * FROM doc UNION ALL SELECT * FROM name
)
SELECT site_id, interpretation_url, policy_url,
       arg_min(method, method_rank) AS method, min(method_rank) AS method_rank,
       max(confidence) AS confidence
FROM found
WHERE interpretation_url <> policy_url
GROUP BY site_id, interpretation_url, policy_url
-- an interpretation keeps only the links found by its strongest method
QUALIFY min(method_rank) = min(min(method_rank)) OVER (PARTITION BY site_id, interpretation_url);
