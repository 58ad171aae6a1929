-- Months of the window that met the column's monthly minimum (seed 004: ≥ 3 a month).
INSERT INTO raw_results
SELECT cs.site_id, ic.indicator, cs.column_key, m.months_met,
       m.months_met / m.months,
       printf('“%s”栏目 %d 个月中有 %d 个月发布不少于 %d 条。', cs.column_name, m.months, m.months_met, cs.monthly_min)
FROM column_stats cs
JOIN spec_indicator_columns ic USING (column_key)
JOIN spec_indicators si USING (indicator)
JOIN (SELECT site_id, column_key, count(*) AS months, count(*) FILTER (WHERE met) AS months_met
      FROM column_months GROUP BY ALL) m
  ON m.site_id = cs.site_id AND m.column_key = cs.column_key
WHERE si.kind = 'monthly_minimum';

INSERT INTO raw_evidence
SELECT cs.site_id, ic.indicator, cs.column_key, NULL, cs.list_url, cs.list_sha256,
       printf('%s 仅发布 %d 条，少于 %d 条', strftime(m.month, '%Y-%m'), m.n, m.monthly_min)
FROM column_stats cs
JOIN spec_indicator_columns ic USING (column_key)
JOIN spec_indicators si USING (indicator)
JOIN column_months m ON m.site_id = cs.site_id AND m.column_key = cs.column_key
WHERE si.kind = 'monthly_minimum' AND NOT m.met;
