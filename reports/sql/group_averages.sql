-- Average score per indicator group across the scored sites of the run.
SELECT group_key, any_value(group_name) AS group_name, avg(score) AS avg_score, max(max_score) AS max_score
FROM group_scores
WHERE run_id = $run_id
GROUP BY group_key
ORDER BY group_key;
