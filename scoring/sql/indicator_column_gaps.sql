-- Longest interval without a new posting (see 20_column_gaps.sql) against the cadence.
INSERT INTO raw_results
SELECT cs.site_id, ic.indicator, cs.column_key, g.gap.days,
       CASE WHEN g.gap.days <= cs.cadence_days THEN 1.0 ELSE 0.0 END,
       printf('“%s”栏目最长 %d 天未更新（%s 至 %s），要求不超过 %d 天。', cs.column_name, g.gap.days,
              strftime(g.gap.gap_start, '%Y-%m-%d'), strftime(g.gap.gap_end, '%Y-%m-%d'), cs.cadence_days)
FROM column_stats cs
JOIN spec_indicator_columns ic USING (column_key)
JOIN spec_indicators si USING (indicator)
JOIN column_gaps g ON g.site_id = cs.site_id AND g.column_key = cs.column_key
WHERE si.kind = 'column_gaps';

INSERT INTO raw_evidence
SELECT cs.site_id, ic.indicator, cs.column_key, e.url, cs.list_url, cs.list_sha256, e.note
FROM column_stats cs
JOIN spec_indicator_columns ic USING (column_key)
JOIN spec_indicators si USING (indicator)
JOIN column_gaps g ON g.site_id = cs.site_id AND g.column_key = cs.column_key
LEFT JOIN column_gap_ends gs ON gs.site_id = g.site_id AND gs.column_key = g.column_key AND gs.side = 'start'
LEFT JOIN column_gap_ends ge ON ge.site_id = g.site_id AND ge.column_key = g.column_key AND ge.side = 'end'
CROSS JOIN LATERAL (
    SELECT gs.url AS url,
           printf('间隔开始：%s%s', strftime(g.gap.gap_start, '%Y-%m-%d'),
                  CASE WHEN g.gap.start_pos = 0 THEN '（评估年度起点，此前无信息）' ELSE '' END) AS note
    UNION ALL
    SELECT ge.url,
           printf('间隔结束：%s%s', strftime(g.gap.gap_end, '%Y-%m-%d'),
                  CASE WHEN g.gap.end_pos = 2 THEN '（评估截止，此后无信息）' ELSE '' END)
) e
WHERE si.kind = 'column_gaps' AND g.gap.days > cs.cadence_days;
