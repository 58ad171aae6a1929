-- Working days from 成文日期 to 发布日期 for postings published in the window, in the columns
-- read by publication_lag indicators. NULL lag = written date outside the calendar (far too old).
CREATE OR REPLACE TEMP TABLE publication_lags AS
SELECT p.site_id, p.column_key, p.url, p.list_url, p.detail_sha256,
       p.written_date, p.published_date,
       wp.wd_index - ww.wd_index AS lag_workdays
FROM postings p
CROSS JOIN ctx c
LEFT JOIN wd wp ON wp.day = p.published_date
LEFT JOIN wd ww ON ww.day = p.written_date
WHERE p.run_id = c.run_id
  AND p.column_key IN (
      SELECT ic.column_key FROM spec_indicator_columns ic JOIN spec_indicators si USING (indicator)
      WHERE si.kind = 'publication_lag')
  AND p.published_date BETWEEN c.window_start AND c.window_end
  AND p.written_date IS NOT NULL;
