-- wd_index = working days up to and including `day`; the lag in working days from a to b
-- is wd_index(b) - wd_index(a), i.e. the working days in (a, b].
CREATE OR REPLACE TEMP TABLE wd AS
SELECT day, is_workday,
       sum(CASE WHEN is_workday THEN 1 ELSE 0 END) OVER (ORDER BY day) AS wd_index
FROM workdays;
