-- Longest interval without a new posting, for columns read by column_gaps indicators.
-- Points: the last posting before the window (or the window start), every publishing day in the
-- window, and the end of the elapsed window; the longest distance between neighbours wins.
-- Gaps are found on dates alone; the URLs bounding the widest gap are looked up afterwards.
CREATE OR REPLACE TEMP TABLE column_gaps AS
WITH wanted AS (
    SELECT DISTINCT ic.column_key
    FROM spec_indicator_columns ic JOIN spec_indicators si USING (indicator)
    WHERE si.kind = 'column_gaps'
),
days AS (
    SELECT DISTINCT p.site_id, p.column_key, p.published_date AS d
    FROM postings p, ctx c
    WHERE p.run_id = c.run_id
      AND p.column_key IN (SELECT column_key FROM wanted)
      AND p.published_date BETWEEN c.window_start AND c.period_end
),
before AS (
    SELECT p.site_id, p.column_key, max(p.published_date) AS d
    FROM postings p, ctx c
    WHERE p.run_id = c.run_id
      AND p.column_key IN (SELECT column_key FROM wanted)
      AND p.published_date < c.window_start
    GROUP BY ALL
),
points AS (
    -- pos 0: last posting before the window (dated) or the window start (undated, no URL)
    SELECT s.site_id, w.column_key, coalesce(b.d, c.window_start) AS d,
           CASE WHEN b.d IS NULL THEN 0 ELSE 1 END AS pos
    FROM site_base s CROSS JOIN wanted w CROSS JOIN ctx c
    LEFT JOIN before b ON b.site_id = s.site_id AND b.column_key = w.column_key
    UNION ALL
    SELECT site_id, column_key, d, 1 AS pos FROM days
    UNION ALL
    -- pos 2: the end of the elapsed window (no URL)
    SELECT s.site_id, w.column_key, c.period_end, 2 FROM site_base s CROSS JOIN wanted w CROSS JOIN ctx c
),
steps AS (
    SELECT site_id, column_key,
           lag(d) OVER w AS gap_start, lag(pos) OVER w AS start_pos, d AS gap_end, pos AS end_pos
    FROM points
    WINDOW w AS (PARTITION BY site_id, column_key ORDER BY d, pos)
)
SELECT site_id, column_key,
       max(struct_pack(days := date_diff('day', gap_start, gap_end), gap_start := gap_start,
                       gap_end := gap_end, start_pos := start_pos, end_pos := end_pos)) AS gap
FROM steps
WHERE gap_start IS NOT NULL
GROUP BY site_id, column_key;

-- The posting on each end of the widest gap (the greatest URL of that day, for determinism).
CREATE OR REPLACE TEMP TABLE column_gap_ends AS
WITH ends AS (
    SELECT site_id, column_key, gap.gap_start AS d, 'start' AS side FROM column_gaps WHERE gap.start_pos = 1
    UNION ALL
    SELECT site_id, column_key, gap.gap_end, 'end' FROM column_gaps WHERE gap.end_pos = 1
)
SELECT e.site_id, e.column_key, e.side, max(p.url) AS url
FROM ends e
JOIN postings p ON p.site_id = e.site_id AND p.column_key = e.column_key AND p.published_date = e.d
JOIN ctx c ON p.run_id = c.run_id
GROUP BY ALL;
