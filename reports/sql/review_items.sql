SELECT ri.site_id, coalesce(si.name, ri.site_id) AS site_name, ri.column_key, ri.reason
FROM review_items AS ri
LEFT JOIN sites AS si USING (run_id, site_id)
WHERE ri.run_id = $run_id
ORDER BY ri.site_id, ri.column_key NULLS FIRST, ri.reason;
