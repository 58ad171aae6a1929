-- Postings per site, column and month from the start of the evaluation window to the as-of date.
SELECT p.site_id, p.column_key, strftime(date_trunc('month', p.published_date), '%Y-%m') AS month,
       count(*) AS postings
FROM postings AS p
JOIN runs AS r USING (run_id)
LEFT JOIN score_runs AS s USING (run_id)
WHERE p.run_id = $run_id
  AND p.published_date BETWEEN coalesce(s.window_start, r.window_start) AND coalesce(s.as_of, r.as_of)
GROUP BY ALL
ORDER BY p.site_id, p.column_key, month;
