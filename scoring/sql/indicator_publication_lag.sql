-- Share of the window's postings with a written date that were published within max_workdays
-- working days of it (条例 art. 26: 20). A lag outside the calendar (NULL) counts as late.
CREATE OR REPLACE TEMP TABLE lag_judged AS
SELECT ic.indicator, si.max_workdays, l.*,
       coalesce(l.lag_workdays > si.max_workdays, true) AS late
FROM publication_lags l
JOIN spec_indicator_columns ic ON ic.column_key = l.column_key
JOIN spec_indicators si ON si.indicator = ic.indicator
WHERE si.kind = 'publication_lag';

INSERT INTO raw_results
SELECT cs.site_id, ic.indicator, cs.column_key,
       (j.measured - j.late) / j.measured,
       CASE WHEN cs.status <> 'ok' THEN 0.0
            WHEN coalesce(j.measured, 0) = 0 THEN 1.0
            ELSE (j.measured - j.late) / j.measured END,
       CASE WHEN cs.status <> 'ok'
            THEN printf('“%s”栏目缺失、空白或无法打开，无法证明按时公开。', cs.column_name)
            WHEN coalesce(j.measured, 0) = 0
            THEN printf('“%s”栏目评估年度内没有标注成文日期的信息，无法核查，不扣分。', cs.column_name)
            ELSE printf('“%s”栏目 %d 条标注成文日期的信息中 %d 条超过 %d 个工作日才公开。',
                        cs.column_name, j.measured, j.late, si.max_workdays)
       END
FROM column_stats cs
JOIN spec_indicator_columns ic USING (column_key)
JOIN spec_indicators si USING (indicator)
LEFT JOIN (SELECT site_id, indicator, column_key, count(*) AS measured, count(*) FILTER (WHERE late) AS late
           FROM lag_judged GROUP BY ALL) j
       ON j.site_id = cs.site_id AND j.indicator = ic.indicator AND j.column_key = cs.column_key
WHERE si.kind = 'publication_lag';

INSERT INTO raw_evidence
SELECT cs.site_id, ic.indicator, cs.column_key, NULL, cs.list_url, cs.list_sha256,
       printf('栏目状态为 %s（缺失、空白或无法打开）', cs.status)
FROM column_stats cs
JOIN spec_indicator_columns ic USING (column_key)
JOIN spec_indicators si USING (indicator)
WHERE si.kind = 'publication_lag' AND cs.status <> 'ok';

INSERT INTO raw_evidence
SELECT j.site_id, j.indicator, j.column_key, j.url, j.list_url, j.detail_sha256,
       CASE WHEN j.lag_workdays IS NULL
            THEN printf('成文日期 %s，发布日期 %s，相隔十年以上', strftime(j.written_date, '%Y-%m-%d'),
                        strftime(j.published_date, '%Y-%m-%d'))
            ELSE printf('成文日期 %s，发布日期 %s，相隔 %d 个工作日（要求不超过 %d 个）',
                        strftime(j.written_date, '%Y-%m-%d'), strftime(j.published_date, '%Y-%m-%d'),
                        j.lag_workdays, j.max_workdays)
       END
FROM lag_judged j
WHERE j.late;
