-- The newest run that has been scored (score_runs row present).
SELECT max(r.run_id) AS run_id
FROM runs AS r
JOIN score_runs AS s USING (run_id);
