-- The run to score: the one asked for, or the latest complete run.
SELECT run_id, status, year, as_of, window_start, window_end, indicators
FROM runs
WHERE ($run_id IS NULL AND status = 'complete') OR run_id = $run_id
ORDER BY run_id DESC
LIMIT 1;
