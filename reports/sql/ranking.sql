-- One row per scored site, best first.
SELECT
    sc.rank, sc.site_id, coalesce(si.name, sc.site_id) AS name, si.url, si.level, si.region,
    sc.total::DOUBLE AS total, sc.rank_in_level, sc.rank_in_region, sc.vetoed, sc.passed,
    coalesce(sc.veto_reasons, []) AS veto_reasons, coalesce(sc.warnings, []) AS warnings,
    coalesce(sc.review_columns, []) AS review_columns, si.reachable
FROM scores AS sc
LEFT JOIN sites AS si USING (run_id, site_id)
WHERE sc.run_id = $run_id
ORDER BY sc.rank, sc.site_id;
