-- Every column of every site with its days without update at the as-of date the run was scored with.
SELECT
    c.site_id, coalesce(si.name, c.site_id) AS site_name, c.column_key, c.label, c.list_url, c.found_by,
    c.status, c.status_reason, c.pages, c.postings, c.postings_in_window, c.last_published,
    date_diff('day', c.last_published, coalesce(s.as_of, r.as_of)) AS days_without_update,
    c.cap_hit, c.review, c.review_reason, c.list_sha256
FROM columns AS c
JOIN runs AS r USING (run_id)
LEFT JOIN score_runs AS s USING (run_id)
LEFT JOIN sites AS si USING (run_id, site_id)
WHERE c.run_id = $run_id
ORDER BY c.site_id, c.column_key;
