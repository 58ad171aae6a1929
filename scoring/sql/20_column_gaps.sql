-- Longest interval without a new posting, for columns read by column_gaps indicators.
-- Points: the last posting before the window (or the window start), every publishing day in the
-- window, and the end of the elapsed window; the longest distance between neighbours wins.
CREATE OR REPLACE TEMP TABLE column_gaps AS
WITH wanted AS (
    SELECT DISTINCT ic.column_key
    FROM spec_indicator_columns ic JOIN spec_indicators si USING (indicator)
    WHERE si.kind = 'column_gaps'
),
days AS (
    SELECT p.site_id, p.column_key, p.published_date AS d, min(p.url) AS url
    FROM postings p, ctx c
    WHERE p.run_id = c.run_id
      AND p.column_key IN (SELECT column_key FROM wanted)
      AND p.published_date BETWEEN c.window_start AND c.period_end
    GROUP BY ALL
),
before AS (
    SELECT p.site_id, p.column_key, max(struct_pack(d := p.published_date, u := p.url)) AS last_before
    FROM postings p, ctx c
    WHERE p.run_id = c.run_id
      AND p.column_key IN (SELECT column_key FROM wanted)
      AND p.published_date < c.window_start
    GROUP BY ALL
),
frame AS (
    SELECT s.site_id, w.column_key,
           coalesce(b.last_before.d, c.window_start) AS start_day,
           b.last_before.u AS start_url,
           c.period_end
    FROM site_base s CROSS JOIN wanted w CROSS JOIN ctx c
    LEFT JOIN before b ON b.site_id = s.site_id AND b.column_key = w.column_key
),
points AS (
    SELECT site_id, column_key, start_day AS d, start_url AS url, 0 AS pos FROM frame
    UNION ALL
    SELECT site_id, column_key, d, url, 1 AS pos FROM days
    UNION ALL
    SELECT site_id, column_key, period_end AS d, NULL AS url, 2 AS pos FROM frame
),
steps AS (
    SELECT site_id, column_key,
           lag(d) OVER w AS gap_start, lag(url) OVER w AS start_url,
           d AS gap_end, url AS end_url
    FROM points
    WINDOW w AS (PARTITION BY site_id, column_key ORDER BY d, pos, url)
)
SELECT site_id, column_key,
       max(struct_pack(days := date_diff('day', gap_start, gap_end), gap_start := gap_start,
                       gap_end := gap_end, start_url := start_url, end_url := end_url)) AS gap
FROM steps
WHERE gap_start IS NOT NULL
GROUP BY site_id, column_key;
