-- Postings published in the window against the column's minimum; partial credit in proportion.
INSERT INTO raw_results
SELECT cs.site_id, ic.indicator, cs.column_key, cs.n_window,
       CASE WHEN cs.min_postings = 0 THEN 1.0 ELSE least(1.0, cs.n_window / cs.min_postings) END,
       printf('“%s”栏目评估年度内发布 %d 条，要求不少于 %d 条。', cs.column_name, cs.n_window, cs.min_postings)
FROM column_stats cs
JOIN spec_indicator_columns ic USING (column_key)
JOIN spec_indicators si USING (indicator)
WHERE si.kind = 'column_min_postings';

INSERT INTO raw_evidence
SELECT cs.site_id, ic.indicator, cs.column_key, NULL, cs.list_url, cs.list_sha256,
       printf('评估年度内仅 %d 条，少于 %d 条', cs.n_window, cs.min_postings)
FROM column_stats cs
JOIN spec_indicator_columns ic USING (column_key)
JOIN spec_indicators si USING (indicator)
WHERE si.kind = 'column_min_postings' AND cs.n_window < cs.min_postings;
