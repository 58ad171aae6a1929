-- Facts about one scored run for the report header.
SELECT
    r.run_id, r.year, coalesce(s.as_of, r.as_of) AS as_of, coalesce(s.window_start, r.window_start) AS window_start,
    coalesce(s.window_end, r.window_end) AS window_end, r.status AS crawl_status,
    strftime(r.started_at, '%Y-%m-%d %H:%M:%S') AS started_at,
    strftime(r.finished_at, '%Y-%m-%d %H:%M:%S') AS finished_at, r.warnings AS crawl_warnings,
    s.indicator_system, s.indicators_sha256, s.indicators_yaml, strftime(s.scored_at, '%Y-%m-%d %H:%M:%S') AS scored_at, s.calendar,
    s.warnings AS scoring_warnings,
    (SELECT count(*) FROM sites WHERE run_id = $run_id) AS sites_crawled,
    (SELECT count(*) FROM scores WHERE run_id = $run_id) AS sites_scored,
    (SELECT count(*) FROM scores WHERE run_id = $run_id AND vetoed) AS sites_vetoed,
    (SELECT count(*) FROM (
        SELECT site_id FROM review_items WHERE run_id = $run_id
        UNION
        SELECT site_id FROM scores WHERE run_id = $run_id AND len(coalesce(review_columns, [])) > 0
    )) AS sites_for_review
FROM runs AS r
JOIN score_runs AS s USING (run_id)
WHERE r.run_id = $run_id;
