-- Average per indicator over the sites where it was scored; excluded rows (our own
-- failures, under review) are counted apart and left out of the average.
SELECT
    group_key, indicator,
    avg(score) FILTER (WHERE status <> 'excluded') AS avg_score,
    avg(max_score) FILTER (WHERE status <> 'excluded') AS avg_max_score,
    count(*) FILTER (WHERE status = 'deducted') AS deducted,
    count(*) FILTER (WHERE status = 'full') AS full_marks,
    count(*) FILTER (WHERE status = 'excluded') AS excluded
FROM indicator_results
WHERE run_id = $run_id
GROUP BY group_key, indicator
ORDER BY group_key, indicator;
