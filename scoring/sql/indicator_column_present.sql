-- Column exists and has content: ok = full; empty, broken, absent = nothing.
INSERT INTO raw_results
SELECT cs.site_id, ic.indicator, cs.column_key,
       CASE WHEN cs.status = 'ok' THEN 1 ELSE 0 END,
       CASE WHEN cs.status = 'ok' THEN 1.0 ELSE 0.0 END,
       CASE cs.status
           WHEN 'ok' THEN printf('“%s”栏目存在且有内容（网站栏目名“%s”）。', cs.column_name, coalesce(cs.label, ''))
           WHEN 'empty' THEN printf('“%s”栏目存在但没有内容，属空白栏目。', cs.column_name)
           WHEN 'broken' THEN printf('“%s”栏目链接无法打开（%s）。', cs.column_name,
                                     coalesce(cs.reason, cs.list_fetch_problem, '链接失效'))
           WHEN 'absent' THEN printf('网站上未找到“%s”栏目。', cs.column_name)
           WHEN 'unsearched' THEN printf('“%s”栏目未抓取（%s）。', cs.column_name, cs.reason)
           ELSE printf('“%s”栏目抓取失败（%s）。', cs.column_name, coalesce(cs.reason, '原因未记录'))
       END
FROM column_stats cs
JOIN spec_indicator_columns ic USING (column_key)
JOIN spec_indicators si USING (indicator)
WHERE si.kind = 'column_present';

INSERT INTO raw_evidence
SELECT cs.site_id, ic.indicator, cs.column_key, NULL, cs.list_url, cs.list_sha256,
       CASE cs.status
           WHEN 'empty' THEN '栏目列表页没有任何信息'
           WHEN 'broken' THEN printf('栏目链接无法打开：%s', coalesce(cs.list_fetch_problem, cs.reason, '链接失效'))
           WHEN 'absent' THEN '网站导航与信息公开目录中均未找到该栏目'
           ELSE printf('栏目抓取失败：%s', coalesce(cs.reason, '原因未记录'))
       END
FROM column_stats cs
JOIN spec_indicator_columns ic USING (column_key)
JOIN spec_indicators si USING (indicator)
WHERE si.kind = 'column_present' AND cs.status <> 'ok';
