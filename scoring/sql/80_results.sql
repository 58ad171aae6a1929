-- Weigh the raw results. A result whose columns failed on our side or are under review is
-- 'excluded': score 0, its max_score kept for display but left out of group and total sums.
CREATE OR REPLACE TEMP TABLE results AS
WITH reads AS (
    SELECT r.site_id, r.indicator, r.column_key,
           list(cs.column_name ORDER BY cs.column_ord) FILTER (WHERE cs.excluded) AS excluded_names
    FROM raw_results r
    JOIN spec_indicators si ON si.indicator = r.indicator
    JOIN spec_indicator_columns ic
      ON ic.indicator = r.indicator AND (NOT si.per_column OR ic.column_key = r.column_key)
    JOIN column_stats cs ON cs.site_id = r.site_id AND cs.column_key = ic.column_key
    GROUP BY r.site_id, r.indicator, r.column_key
)
SELECT r.site_id, si.group_key, si.group_ord, si.indicator_ord, r.indicator, r.column_key,
       coalesce(sc.column_ord, -1) AS column_ord,
       r.value,
       CASE WHEN len(x.excluded_names) > 0 THEN 0.0
            ELSE round(mx.max_score * r.ratio, 4) END AS score,
       mx.max_score,
       CASE WHEN len(x.excluded_names) > 0 THEN 'excluded'
            WHEN r.ratio >= 1 THEN 'full'
            ELSE 'deducted' END AS status,
       CASE WHEN len(x.excluded_names) > 0
            THEN printf('“%s”栏目为本工具抓取失败或待复核，本项不扣分，也不计入满分（%s）',
                        array_to_string(x.excluded_names, '、'), r.detail)
            ELSE r.detail END AS detail
FROM raw_results r
JOIN spec_indicators si ON si.indicator = r.indicator
JOIN reads x ON x.site_id = r.site_id AND x.indicator = r.indicator
            AND x.column_key IS NOT DISTINCT FROM r.column_key
JOIN (SELECT si.indicator, ic.column_key,
             CASE WHEN si.per_column THEN ic.max_score ELSE si.weight END AS max_score
      FROM spec_indicators si JOIN spec_indicator_columns ic USING (indicator)
      QUALIFY si.per_column OR row_number() OVER (PARTITION BY si.indicator ORDER BY ic.column_key) = 1) mx
  ON mx.indicator = r.indicator AND (NOT si.per_column OR mx.column_key = r.column_key)
LEFT JOIN spec_columns sc ON sc.column_key = r.column_key;

-- Evidence only for real deductions (not for excluded results).
CREATE OR REPLACE TEMP TABLE evidence AS
SELECT e.*
FROM raw_evidence e
JOIN results r ON r.site_id = e.site_id AND r.indicator = e.indicator
              AND (r.column_key IS NULL OR r.column_key = e.column_key)
WHERE r.status = 'deducted';
