-- Failed fetches per site (no response or HTTP error), the first $per_site of each site,
-- with the site's total so the page can say how many were left out.
SELECT site_id, url, method, purpose, column_key, status, error, rendered, strftime(fetched_at, '%Y-%m-%d %H:%M:%S') AS fetched_at,
       count(*) OVER (PARTITION BY site_id) AS site_total
FROM fetches
WHERE run_id = $run_id AND (error IS NOT NULL OR status IS NULL OR status >= 400)
QUALIFY row_number() OVER (PARTITION BY site_id ORDER BY fetched_at, url) <= $per_site
ORDER BY site_id, fetched_at, url;
