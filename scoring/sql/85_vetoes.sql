-- Vetoes (单项否决) and early warnings (预警). Excluded columns (our failure) never count.
-- An unreachable site gets the unreachable veto only.
CREATE OR REPLACE TEMP TABLE veto_values AS
WITH homepage AS (
    SELECT s.site_id, s.reachable, s.url, s.homepage_sha256, s.homepage_error, s.homepage_status,
           s.homepage_last_date,
           max(cs.last_published) FILTER (WHERE NOT cs.excluded) AS newest_posting
    FROM site_base s JOIN column_stats cs USING (site_id)
    GROUP BY ALL
),
counts AS (
    SELECT cs.site_id,
           count(*) FILTER (WHERE NOT cs.excluded AND cs.status = 'empty') AS blank,
           count(*) FILTER (WHERE NOT cs.excluded AND cs.status = 'ok' AND cs.top_level
                            AND cs.days_since > cs.cadence_days) AS stale_top,
           count(*) FILTER (WHERE NOT cs.excluded AND cs.status = 'ok' AND cs.cadence_days IS NOT NULL
                            AND cs.days_since > v.days) AS long_stale
    FROM column_stats cs
    LEFT JOIN spec_vetoes v ON v.rule = 'long_stale_columns'
    GROUP BY cs.site_id
)
SELECT h.site_id, v.rule, v.veto, v.warn,
       CASE v.rule
           WHEN 'unreachable' THEN CASE WHEN h.reachable = false THEN 1 ELSE 0 END
           WHEN 'homepage_stale' THEN date_diff('day', coalesce(h.homepage_last_date, h.newest_posting), c.as_of)
           WHEN 'blank_columns' THEN k.blank
           WHEN 'stale_top_columns' THEN k.stale_top
           WHEN 'long_stale_columns' THEN k.long_stale
       END AS value,
       h.homepage_last_date, h.newest_posting, h.url, h.homepage_sha256, h.homepage_error, h.homepage_status
FROM homepage h
JOIN counts k USING (site_id)
CROSS JOIN spec_vetoes v
CROSS JOIN ctx c
WHERE v.rule = 'unreachable' OR h.reachable IS DISTINCT FROM false;

CREATE OR REPLACE TEMP TABLE veto_rows AS
SELECT site_id, rule,
       CASE WHEN rule = 'unreachable' OR value >= veto THEN 'veto' ELSE 'warning' END AS level,
       value,
       CASE WHEN rule = 'unreachable' THEN 1 WHEN value >= veto THEN veto ELSE warn END AS threshold,
       CASE rule
           WHEN 'unreachable' THEN printf('网站无法访问（%s），单项否决。',
                                          coalesce(homepage_error, 'HTTP ' || homepage_status, '无响应'))
           WHEN 'homepage_stale' THEN printf('首页最新信息日期为 %s，已 %d 天未更新，%s线为 %d 天。',
                                             strftime(coalesce(homepage_last_date, newest_posting), '%Y-%m-%d'),
                                             CAST(value AS INTEGER),
                                             CASE WHEN value >= veto THEN '否决' ELSE '预警' END,
                                             CAST(CASE WHEN value >= veto THEN veto ELSE warn END AS INTEGER))
                                      || CASE WHEN homepage_last_date IS NULL
                                              THEN '首页未识别出日期，按各栏目最新信息日期计。' ELSE '' END
           WHEN 'blank_columns' THEN printf('空白栏目 %d 个，%s线为 %d 个。', CAST(value AS INTEGER),
                                            CASE WHEN value >= veto THEN '否决' ELSE '预警' END,
                                            CAST(CASE WHEN value >= veto THEN veto ELSE warn END AS INTEGER))
           WHEN 'stale_top_columns' THEN printf('超过更新周期未更新的一级栏目 %d 个，%s线为 %d 个。',
                                                CAST(value AS INTEGER),
                                                CASE WHEN value >= veto THEN '否决' ELSE '预警' END,
                                                CAST(CASE WHEN value >= veto THEN veto ELSE warn END AS INTEGER))
           WHEN 'long_stale_columns' THEN printf('长期（超过一年）未更新的栏目 %d 个，%s线为 %d 个。',
                                                 CAST(value AS INTEGER),
                                                 CASE WHEN value >= veto THEN '否决' ELSE '预警' END,
                                                 CAST(CASE WHEN value >= veto THEN veto ELSE warn END AS INTEGER))
       END AS detail,
       url, homepage_sha256, homepage_error, homepage_last_date, newest_posting
FROM veto_values
WHERE (rule = 'unreachable' AND value = 1)
   OR (rule <> 'unreachable' AND value >= coalesce(warn, veto));

-- Evidence of each veto or warning: the homepage, or the columns that were counted.
INSERT INTO evidence
SELECT v.site_id, 'veto:' || v.rule, NULL, NULL, v.url, v.homepage_sha256,
       CASE WHEN v.rule = 'unreachable' THEN printf('首页无法访问：%s', coalesce(v.homepage_error, '无响应'))
            WHEN v.homepage_last_date IS NOT NULL
            THEN printf('首页最新日期 %s', strftime(v.homepage_last_date, '%Y-%m-%d'))
            ELSE printf('首页未识别出日期；各栏目最新信息日期 %s', strftime(v.newest_posting, '%Y-%m-%d'))
       END
FROM veto_rows v
WHERE v.rule IN ('unreachable', 'homepage_stale');

INSERT INTO evidence
SELECT v.site_id, 'veto:' || v.rule, cs.column_key,
       CASE WHEN v.rule = 'blank_columns' THEN NULL ELSE cs.last_url END,
       cs.list_url, cs.list_sha256,
       CASE WHEN v.rule = 'blank_columns' THEN printf('“%s”栏目没有内容', cs.column_name)
            ELSE printf('“%s”栏目最近更新 %s，已 %d 天未更新', cs.column_name,
                        strftime(cs.last_published, '%Y-%m-%d'), cs.days_since)
       END
FROM veto_rows v
JOIN column_stats cs ON cs.site_id = v.site_id
LEFT JOIN spec_vetoes sv ON sv.rule = 'long_stale_columns'
WHERE NOT cs.excluded AND (
       (v.rule = 'blank_columns' AND cs.status = 'empty')
    OR (v.rule = 'stale_top_columns' AND cs.status = 'ok' AND cs.top_level AND cs.days_since > cs.cadence_days)
    OR (v.rule = 'long_stale_columns' AND cs.status = 'ok' AND cs.cadence_days IS NOT NULL
        AND cs.days_since > sv.days));
