-- Evidence rows behind deductions and vetoes, with the posting, the list page snapshot
-- and the fetch that the scorer pointed at.
WITH cited AS (
    SELECT p.site_id, p.url, any_value(p.title) AS title, any_value(p.published_date) AS published_date,
           any_value(p.detail_sha256) AS detail_sha256
    FROM postings AS p
    SEMI JOIN deduction_evidence AS e
        ON e.run_id = p.run_id AND e.site_id = p.site_id AND e.posting_url = p.url
    WHERE p.run_id = $run_id
    GROUP BY ALL
),
list_pages AS (
    SELECT site_id, list_url, any_value(list_sha256) AS list_sha256
    FROM columns
    WHERE run_id = $run_id AND list_url IS NOT NULL
    GROUP BY ALL
),
fetched AS (
    SELECT site_id, sha256, min(fetched_at) AS fetched_at, arg_min(url, fetched_at) AS url,
           arg_min(status, fetched_at) AS status
    FROM fetches
    WHERE run_id = $run_id AND sha256 IN (SELECT fetch_sha256 FROM deduction_evidence WHERE run_id = $run_id)
    GROUP BY site_id, sha256
)
SELECT
    e.site_id, e.indicator, e.column_key, e.note,
    e.posting_url, cited.title AS posting_title, cited.published_date, cited.detail_sha256,
    e.list_url, lp.list_sha256,
    e.fetch_sha256, f.url AS fetch_url, f.status AS fetch_status,
    strftime(f.fetched_at, '%Y-%m-%d %H:%M:%S') AS fetched_at
FROM deduction_evidence AS e
LEFT JOIN cited ON cited.site_id = e.site_id AND cited.url = e.posting_url
LEFT JOIN list_pages AS lp ON lp.site_id = e.site_id AND lp.list_url = e.list_url
LEFT JOIN fetched AS f ON f.site_id = e.site_id AND f.sha256 = e.fetch_sha256
WHERE e.run_id = $run_id
ORDER BY e.site_id, e.indicator, e.column_key NULLS FIRST, e.posting_url NULLS FIRST;
