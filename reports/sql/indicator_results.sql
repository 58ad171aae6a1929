SELECT
    ir.site_id, coalesce(si.name, ir.site_id) AS site_name, ir.group_key, ir.indicator, ir.column_key,
    ir.value, ir.score, ir.max_score, ir.status, ir.detail
FROM indicator_results AS ir
LEFT JOIN sites AS si USING (run_id, site_id)
WHERE ir.run_id = $run_id
ORDER BY ir.site_id, ir.group_key, ir.indicator, ir.column_key NULLS FIRST;
