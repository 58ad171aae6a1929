-- The previous year's report published in the evaluation year by its deadline
-- (条例 art. 49: departments 31 January, local governments 31 March).
CREATE OR REPLACE TEMP TABLE annual_judged AS
SELECT cs.site_id, ic.indicator, cs.column_key, cs.column_name, cs.list_url, cs.list_sha256,
       make_date(c.year,
                 CAST(split_part(d.deadline, '-', 1) AS INTEGER),
                 CAST(split_part(d.deadline, '-', 2) AS INTEGER)) AS due,
       first_post.first
FROM column_stats cs
JOIN spec_indicator_columns ic USING (column_key)
JOIN spec_indicators si USING (indicator)
CROSS JOIN ctx c
CROSS JOIN LATERAL (
    SELECT CASE WHEN cs.level = 'department' THEN coalesce(si.department_deadline, si.deadline)
                ELSE si.deadline END AS deadline
) d
LEFT JOIN (
    SELECT p.site_id, p.column_key, min(struct_pack(d := p.published_date, u := p.url, s := p.detail_sha256)) AS first
    FROM postings p, ctx c
    WHERE p.run_id = c.run_id AND p.published_date BETWEEN make_date(c.year, 1, 1) AND c.window_end
      AND p.column_key IN (SELECT ic.column_key FROM spec_indicator_columns ic
                           JOIN spec_indicators si USING (indicator) WHERE si.kind = 'annual_deadline')
    GROUP BY ALL
) first_post ON first_post.site_id = cs.site_id AND first_post.column_key = cs.column_key
WHERE si.kind = 'annual_deadline';

INSERT INTO raw_results
SELECT site_id, indicator, column_key,
       date_diff('day', make_date(year(due), 1, 1), first.d),
       CASE WHEN first.d <= due THEN 1.0 ELSE 0.0 END,
       CASE WHEN first.d IS NULL
            THEN printf('“%s”栏目评估年度内未发布年报，应于 %s 前发布。', column_name, strftime(due, '%Y-%m-%d'))
            WHEN first.d <= due
            THEN printf('“%s”栏目于 %s 发布年报，在 %s 期限内。', column_name,
                        strftime(first.d, '%Y-%m-%d'), strftime(due, '%Y-%m-%d'))
            ELSE printf('“%s”栏目评估年度内首次发布为 %s，晚于 %s 的期限。', column_name,
                        strftime(first.d, '%Y-%m-%d'), strftime(due, '%Y-%m-%d'))
       END
FROM annual_judged;

INSERT INTO raw_evidence
SELECT site_id, indicator, column_key, first.u, list_url, coalesce(first.s, list_sha256),
       CASE WHEN first.d IS NULL THEN printf('评估年度内无发布，期限 %s', strftime(due, '%Y-%m-%d'))
            ELSE printf('首次发布 %s，期限 %s', strftime(first.d, '%Y-%m-%d'), strftime(due, '%Y-%m-%d'))
       END
FROM annual_judged
WHERE first.d IS NULL OR first.d > due;
