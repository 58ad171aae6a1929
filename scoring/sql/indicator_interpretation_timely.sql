-- Policies of the window interpreted within the working-day rule (seed 000 item 18: 5).
-- policy_interpretation / site_interpretation come from 60_links.sql.
INSERT INTO raw_results
SELECT s.site_id, si.indicator, NULL,
       CASE WHEN s.policies = 0 THEN NULL ELSE s.timely / s.policies END,
       CASE WHEN s.policy_column_status <> 'ok' THEN 0.0 WHEN s.policies = 0 THEN 1.0 ELSE s.timely / s.policies END,
       CASE WHEN s.policy_column_status <> 'ok'
            THEN printf('“%s”栏目缺失、空白或无法打开，无从体现政策解读。', s.policy_column_name)
            WHEN s.policies = 0 THEN '评估年度内未发现政策文件，解读及时性不适用，不扣分。'
            ELSE printf('评估年度内政策文件 %d 件，其中 %d 件在 %d 个工作日内发布解读，及时率 %.1f%%。',
                        s.policies, s.timely, c.interp_max_workdays, 100.0 * s.timely / s.policies)
       END
FROM site_interpretation s
CROSS JOIN spec_indicators si
CROSS JOIN ctx c
WHERE si.kind = 'interpretation_timely';

INSERT INTO raw_evidence
SELECT pi.site_id, si.indicator, c.policy_column, pi.url, pi.list_url, pi.detail_sha256,
       CASE WHEN pi.n_links = 0
            THEN printf('政策文件“%s”（%s）未找到对应解读', pi.title, strftime(pi.published_date, '%Y-%m-%d'))
            ELSE printf('政策文件“%s”（%s）的解读最早晚于文件 %s 个工作日发布，要求不超过 %d 个',
                        pi.title, strftime(pi.published_date, '%Y-%m-%d'),
                        coalesce(CAST(pi.best_lag AS VARCHAR), '（无法计算）'), c.interp_max_workdays)
       END
FROM policy_interpretation pi
CROSS JOIN spec_indicators si
CROSS JOIN ctx c
WHERE si.kind = 'interpretation_timely' AND pi.n_timely = 0;

INSERT INTO raw_evidence
SELECT s.site_id, si.indicator, c.policy_column, NULL, s.policy_list_url, s.policy_list_sha256,
       printf('政策文件栏目状态为 %s（缺失、空白或无法打开）', s.policy_column_status)
FROM site_interpretation s
CROSS JOIN spec_indicators si
CROSS JOIN ctx c
WHERE si.kind = 'interpretation_timely' AND s.policy_column_status <> 'ok';
