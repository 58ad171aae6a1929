-- Per indicator: the average over sites of each site's points on it (its per-column rows
-- summed), and how many sites got full marks, lost points, or had rows excluded (our own
-- failures, under review: left out of the sums).
WITH per_site AS (
    SELECT site_id, group_key, indicator,
           sum(score) FILTER (WHERE status <> 'excluded') AS score,
           sum(max_score) FILTER (WHERE status <> 'excluded') AS max_score,
           bool_or(status = 'deducted') AS deducted,
           bool_or(status = 'excluded') AS excluded
    FROM indicator_results
    WHERE run_id = $run_id
    GROUP BY site_id, group_key, indicator
)
SELECT
    group_key, indicator,
    avg(score) AS avg_score,
    avg(max_score) AS avg_max_score,
    count(*) FILTER (WHERE deducted) AS deducted,
    count(*) FILTER (WHERE NOT deducted AND NOT excluded) AS full_marks,
    count(*) FILTER (WHERE excluded) AS excluded
FROM per_site
GROUP BY group_key, indicator
ORDER BY group_key, indicator;
