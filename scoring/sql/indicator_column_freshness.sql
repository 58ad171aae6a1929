-- Days from the last posting to the as-of date against the column's cadence: within = full.
INSERT INTO raw_results
SELECT cs.site_id, ic.indicator, cs.column_key, cs.days_since,
       CASE WHEN cs.days_since <= cs.cadence_days THEN 1.0 ELSE 0.0 END,
       CASE WHEN cs.last_published IS NULL
            THEN printf('“%s”栏目没有基准日前发布的信息，应每 %d 天内更新。', cs.column_name, cs.cadence_days)
            ELSE printf('“%s”栏目最近一次更新为 %s，距基准日 %d 天，要求不超过 %d 天。',
                        cs.column_name, strftime(cs.last_published, '%Y-%m-%d'), cs.days_since, cs.cadence_days)
       END
FROM column_stats cs
JOIN spec_indicator_columns ic USING (column_key)
JOIN spec_indicators si USING (indicator)
WHERE si.kind = 'column_freshness';

INSERT INTO raw_evidence
SELECT cs.site_id, ic.indicator, cs.column_key, cs.last_url, cs.list_url, cs.list_sha256,
       CASE WHEN cs.last_published IS NULL THEN '栏目中没有基准日前发布的信息'
            ELSE printf('最近一条发布于 %s，距基准日 %d 天', strftime(cs.last_published, '%Y-%m-%d'), cs.days_since)
       END
FROM column_stats cs
JOIN spec_indicator_columns ic USING (column_key)
JOIN spec_indicators si USING (indicator)
WHERE si.kind = 'column_freshness' AND coalesce(cs.days_since > cs.cadence_days, true);
