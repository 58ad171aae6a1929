SELECT v.site_id, coalesce(si.name, v.site_id) AS site_name, v.rule, v.level, v.value, v.threshold, v.detail
FROM vetoes AS v
LEFT JOIN sites AS si USING (run_id, site_id)
WHERE v.run_id = $run_id
ORDER BY v.site_id, v.level DESC, v.rule;
