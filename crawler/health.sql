-- Crawl health of run $run_id: compare each column with the previous complete run of the same site,
-- measure dates and titles of the postings that matter (undated or from the window on), count fetch errors, and flag what crosses the thresholds.
DELETE FROM crawl_health WHERE run_id = $run_id;

INSERT INTO crawl_health
WITH previous AS (
    SELECT s.site_id, max(s.run_id) AS previous_run_id
    FROM sites s JOIN runs r USING (run_id)
    WHERE s.run_id < $run_id AND r.status = 'complete'
    GROUP BY s.site_id
),
previous_counts AS (
    SELECT p.site_id, c.column_key, p.previous_run_id, c.postings AS previous_postings
    FROM previous p JOIN columns c ON c.run_id = p.previous_run_id AND c.site_id = p.site_id
),
quality AS (
    SELECT site_id, column_key,
           avg(CASE WHEN published_date IS NOT NULL THEN 1 ELSE 0 END) AS dated_share,
           avg(CASE WHEN title LIKE '%…' OR title LIKE '%...' THEN 0 ELSE 1 END) AS full_title_share
    FROM postings
    WHERE run_id = $run_id
      AND (published_date IS NULL OR published_date >= (SELECT window_start FROM runs WHERE run_id = $run_id))
    GROUP BY site_id, column_key
),
error_kinds AS (
    SELECT site_id, column_key, error, count(*) AS n
    FROM fetches
    WHERE run_id = $run_id AND column_key IS NOT NULL AND (error IS NOT NULL OR status >= 500)
    GROUP BY site_id, column_key, error
),
errors AS (
    SELECT site_id, column_key, sum(n) AS total,
           json_group_object(coalesce(error, 'http_5xx'), n) AS by_kind
    FROM error_kinds GROUP BY site_id, column_key
)
SELECT c.run_id, c.site_id, c.column_key, c.status, c.postings,
       pc.previous_run_id, pc.previous_postings, q.dated_share, q.full_title_share, e.by_kind,
       list_filter([
           CASE WHEN pc.previous_postings >= $min_previous AND c.postings < $min_ratio * pc.previous_postings
                THEN 'drop' END,
           CASE WHEN q.dated_share < $min_dated THEN 'undated' END,
           CASE WHEN q.full_title_share < $min_full_title THEN 'truncated_titles' END,
           CASE WHEN e.total > $max_errors THEN 'fetch_errors' END
       ], lambda flag: flag IS NOT NULL)
FROM columns c
LEFT JOIN previous_counts pc ON pc.site_id = c.site_id AND pc.column_key = c.column_key
LEFT JOIN quality q ON q.site_id = c.site_id AND q.column_key = c.column_key
LEFT JOIN errors e ON e.site_id = c.site_id AND e.column_key = c.column_key
WHERE c.run_id = $run_id AND c.status <> 'absent';

UPDATE columns AS c SET
    review = true,
    review_reason = concat_ws('；', c.review_reason, '抓取健康检查：' || array_to_string(h.flags, ', '))
FROM crawl_health h
WHERE c.run_id = $run_id AND h.run_id = c.run_id AND h.site_id = c.site_id
  AND h.column_key = c.column_key AND len(h.flags) > 0;
