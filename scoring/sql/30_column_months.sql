-- Postings per elapsed calendar month of the window, for columns with a monthly minimum.
CREATE OR REPLACE TEMP TABLE column_months AS
WITH wanted AS (
    SELECT DISTINCT ic.column_key, sc.monthly_min
    FROM spec_indicator_columns ic
    JOIN spec_indicators si USING (indicator)
    JOIN spec_columns sc USING (column_key)
    WHERE si.kind = 'monthly_minimum'
),
months AS (
    SELECT unnest(generate_series(date_trunc('month', c.window_start), date_trunc('month', c.period_end),
                                  INTERVAL 1 MONTH))::DATE AS month
    FROM ctx c
),
elapsed AS (
    -- a month counts once it has ended by the as-of date (the last window month always counts)
    SELECT m.month FROM months m, ctx c
    WHERE (m.month + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE <= c.period_end
       OR date_trunc('month', c.period_end) = date_trunc('month', c.window_end)
),
counts AS (
    SELECT p.site_id, p.column_key, date_trunc('month', p.published_date)::DATE AS month, count(*) AS n
    FROM postings p, ctx c
    WHERE p.run_id = c.run_id
      AND p.column_key IN (SELECT column_key FROM wanted)
      AND p.published_date BETWEEN c.window_start AND c.period_end
    GROUP BY ALL
)
SELECT s.site_id, w.column_key, e.month, coalesce(n.n, 0) AS n, w.monthly_min,
       coalesce(n.n, 0) >= w.monthly_min AS met
FROM site_base s CROSS JOIN wanted w CROSS JOIN elapsed e
LEFT JOIN counts n ON n.site_id = s.site_id AND n.column_key = w.column_key AND n.month = e.month;
