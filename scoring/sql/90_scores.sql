-- Group sums, weighted total (0-100, two decimals) and ranks with ties.
-- total = 100 × Σ score / Σ max_score over results that are not excluded, so a column we failed
-- to crawl neither costs nor earns points; with nothing excluded this is just Σ score.
CREATE OR REPLACE TEMP TABLE group_totals AS
SELECT s.site_id, g.group_key, g.group_name, g.group_ord,
       coalesce(sum(r.score) FILTER (WHERE r.status <> 'excluded'), 0) AS score,
       coalesce(sum(r.max_score) FILTER (WHERE r.status <> 'excluded'), 0) AS max_score
FROM site_base s
CROSS JOIN (SELECT DISTINCT group_key, group_name, group_ord FROM spec_indicators) g
LEFT JOIN results r ON r.site_id = s.site_id AND r.group_key = g.group_key
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE review_rows AS
SELECT cs.site_id, cs.column_key,
       printf('“%s”栏目%s：%s', cs.column_name,
              CASE cs.status WHEN 'failed' THEN '抓取失败' WHEN 'unsearched' THEN '未抓取' ELSE '待人工复核' END,
              coalesce(cs.reason, '原因未记录')) AS reason
FROM column_stats cs
WHERE cs.excluded
UNION ALL
SELECT v.site_id, NULL, '首页与各栏目均未识别出任何日期，无法判断首页是否更新，请人工复核。'
FROM veto_values v
WHERE v.rule = 'homepage_stale' AND v.value IS NULL;

CREATE OR REPLACE TEMP TABLE site_totals AS
WITH sums AS (
    SELECT site_id, sum(score) AS score, sum(max_score) AS max_score FROM group_totals GROUP BY site_id
),
flags AS (
    SELECT site_id,
           list(rule ORDER BY rule) FILTER (WHERE level = 'veto') AS veto_reasons,
           list(rule ORDER BY rule) FILTER (WHERE level = 'warning') AS warnings
    FROM veto_rows GROUP BY site_id
),
reviews AS (
    SELECT site_id, list(column_key ORDER BY column_key) AS review_columns
    FROM column_stats WHERE excluded GROUP BY site_id
),
totals AS (
    SELECT s.site_id, s.level, s.region,
           CAST(round(CASE WHEN m.max_score > 0 THEN 100 * m.score / m.max_score ELSE 0 END, 2)
                AS DECIMAL(5, 2)) AS total,
           coalesce(len(f.veto_reasons), 0) > 0 AS vetoed,
           coalesce(f.veto_reasons, []) AS veto_reasons,
           coalesce(f.warnings, []) AS warnings,
           coalesce(r.review_columns, []) AS review_columns
    FROM site_base s
    JOIN sums m USING (site_id)
    LEFT JOIN flags f USING (site_id)
    LEFT JOIN reviews r USING (site_id)
)
SELECT t.*,
       CASE WHEN c.vetoed_last AND t.vetoed THEN 1 ELSE 0 END AS veto_order,
       t.total >= c.pass_line AND NOT t.vetoed AS passed
FROM totals t, ctx c;
