-- One row per site and required column: crawl status, exclusion and posting statistics.
CREATE OR REPLACE TEMP TABLE site_base AS
SELECT s.* FROM sites s, ctx c WHERE s.run_id = c.run_id;

ALTER TABLE site_base ADD COLUMN IF NOT EXISTS homepage_last_date DATE;

CREATE OR REPLACE TEMP TABLE column_stats AS
WITH counts AS (
    SELECT p.site_id, p.column_key,
           count(*) FILTER (WHERE p.published_date BETWEEN c.window_start AND c.window_end) AS n_window,
           max(p.published_date) FILTER (WHERE p.published_date <= c.as_of) AS last_day
    FROM postings p, ctx c
    WHERE p.run_id = c.run_id
    GROUP BY p.site_id, p.column_key
),
stats AS (
    -- the last posting itself (greatest URL of the last day, for determinism): looked up after the
    -- cheap date aggregate rather than carried through it
    SELECT k.site_id, k.column_key, k.n_window,
           max(struct_pack(d := p.published_date, u := p.url, s := p.detail_sha256)) AS last_post
    FROM counts k
    CROSS JOIN ctx c
    LEFT JOIN postings p
           ON p.run_id = c.run_id AND p.site_id = k.site_id AND p.column_key = k.column_key
          AND p.published_date = k.last_day
    GROUP BY k.site_id, k.column_key, k.n_window
),
list_fetch AS (
    -- the latest fetch of each column's list page: evidence for broken and empty columns
    SELECT f.site_id, f.url,
           max(struct_pack(t := f.fetched_at, sha256 := f.sha256, status := f.status, error := f.error)) AS last
    FROM fetches f, ctx c
    WHERE f.run_id = c.run_id
      AND f.url IN (SELECT list_url FROM columns k WHERE k.run_id = c.run_id)
    GROUP BY f.site_id, f.url
)
SELECT s.site_id,
       s.level,
       sc.column_key, sc.column_name, sc.cadence_days, sc.min_postings, sc.top_level,
       sc.monthly_min, sc.column_ord,
       -- no columns row: the crawl never looked for this column (another indicator system), which
       -- is our gap, not the site's; on an unreachable site nothing could be looked for
       coalesce(col.status, CASE WHEN s.reachable = false THEN 'failed' ELSE 'unsearched' END) AS status,
       coalesce(col.review, false) AS review,
       col.label, col.list_url,
       coalesce(col.list_sha256, lf.last.sha256) AS list_sha256,
       coalesce(lf.last.error, 'HTTP ' || lf.last.status) AS list_fetch_problem,
       coalesce(col.review_reason, col.status_reason,
                CASE WHEN col.status IS NULL AND s.reachable = false THEN '网站无法访问'
                     WHEN col.status IS NULL THEN '抓取时未查找该栏目（抓取所用指标体系不含此栏目）' END) AS reason,
       -- our own failure (failed fetch, extractor doubt, column not searched) is not the site's
       -- fault; an unreachable site is its own fault and is handled by the unreachable veto instead
       (s.reachable IS DISTINCT FROM false)
           AND (col.status IS NULL OR col.status = 'failed' OR coalesce(col.review, false)) AS excluded,
       coalesce(st.n_window, 0) AS n_window,
       st.last_post.d AS last_published,
       st.last_post.u AS last_url,
       st.last_post.s AS last_sha256,
       date_diff('day', st.last_post.d, c.as_of) AS days_since
FROM site_base s
CROSS JOIN spec_columns sc
CROSS JOIN ctx c
LEFT JOIN columns col
       ON col.run_id = c.run_id AND col.site_id = s.site_id AND col.column_key = sc.column_key
LEFT JOIN stats st
       ON st.site_id = s.site_id AND st.column_key = sc.column_key
LEFT JOIN list_fetch lf
       ON lf.site_id = s.site_id AND lf.url = col.list_url;
