-- The fetches that served each evidence body (the same bytes may have been served more than once).
SELECT sha256, site_id, url, method, purpose, status, content_type,
       strftime(fetched_at, '%Y-%m-%d %H:%M:%S') AS fetched_at
FROM fetches
WHERE run_id = $run_id AND sha256 IN (SELECT unnest($shas))
QUALIFY row_number() OVER (PARTITION BY sha256 ORDER BY fetched_at, url) <= 20
ORDER BY sha256, fetched_at, url;
