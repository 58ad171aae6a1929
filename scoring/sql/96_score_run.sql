INSERT INTO score_runs (run_id, indicator_system, indicators_sha256, indicators_yaml, scored_at, calendar,
                        warnings, as_of, window_start, window_end, run_status)
SELECT c.run_id, $indicator_system, $indicators_sha256, $indicators_yaml, $scored_at, $calendar,
       $warnings, c.as_of, c.window_start, c.window_end, $run_status
FROM ctx c;
