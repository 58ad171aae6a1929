-- Dates the working-day calendar must cover: a year before the window (policies interpreted in
-- the window), written dates of postings published in the window, up to the as-of date.
-- Written dates more than 10 years back are treated as out of range (lag NULL = late).
SELECT
    least(c.window_start - INTERVAL 366 DAY,
          greatest(min(p.written_date), c.window_start - INTERVAL 3653 DAY))::DATE AS first_day,
    greatest(c.as_of, c.window_end) AS last_day
FROM ctx c
LEFT JOIN postings p
       ON p.run_id = c.run_id
      AND p.published_date BETWEEN c.window_start AND c.window_end
      AND p.written_date IS NOT NULL
GROUP BY c.window_start, c.as_of, c.window_end;
