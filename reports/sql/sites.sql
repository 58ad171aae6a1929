SELECT site_id, name, url, region, level, reachable, homepage_status, homepage_error, homepage_sha256,
       pages_fetched, coalesce(caps_hit, []) AS caps_hit
FROM sites
WHERE run_id = $run_id
ORDER BY site_id;
