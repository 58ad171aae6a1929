SELECT site_id, group_key, group_name, score, max_score
FROM group_scores
WHERE run_id = $run_id
ORDER BY site_id, group_key;
