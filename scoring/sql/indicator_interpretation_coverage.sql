-- Policies published in the window that have at least one interpretation linked.
-- policy_interpretation / site_interpretation come from 60_links.sql.
INSERT INTO raw_results
SELECT si2.site_id, si.indicator, NULL,
       CASE WHEN si2.policies = 0 THEN NULL ELSE si2.interpreted / si2.policies END,
       CASE WHEN si2.policy_column_status <> 'ok' THEN 0.0 WHEN si2.policies = 0 THEN 1.0 ELSE si2.interpreted / si2.policies END,
       CASE WHEN si2.policy_column_status <> 'ok'
            THEN printf('“%s”栏目缺失、空白或无法打开，无从体现政策解读。', si2.policy_column_name)
            WHEN si2.policies = 0 THEN '评估年度内未发现政策文件，解读覆盖率不适用，不扣分。'
            ELSE printf('评估年度内政策文件 %d 件，其中 %d 件有对应解读，覆盖率 %.1f%%。',
                        si2.policies, si2.interpreted, 100.0 * si2.interpreted / si2.policies)
       END
FROM site_interpretation si2
CROSS JOIN spec_indicators si
WHERE si.kind = 'interpretation_coverage';

INSERT INTO raw_evidence
SELECT pi.site_id, si.indicator, c.policy_column, pi.url, pi.list_url, pi.detail_sha256,
       printf('政策文件“%s”（%s）未找到对应解读', pi.title, strftime(pi.published_date, '%Y-%m-%d'))
FROM policy_interpretation pi
CROSS JOIN spec_indicators si
CROSS JOIN ctx c
WHERE si.kind = 'interpretation_coverage' AND pi.n_links = 0;

INSERT INTO raw_evidence
SELECT s.site_id, si.indicator, c.policy_column, NULL, s.policy_list_url, s.policy_list_sha256,
       printf('政策文件栏目状态为 %s（缺失、空白或无法打开）', s.policy_column_status)
FROM site_interpretation s
CROSS JOIN spec_indicators si
CROSS JOIN ctx c
WHERE si.kind = 'interpretation_coverage' AND s.policy_column_status <> 'ok';
