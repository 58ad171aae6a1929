-- Replace this run's rows in every scoring table (the runner wraps this file in one transaction).
DELETE FROM interpretation_links WHERE run_id = (SELECT run_id FROM ctx);
DELETE FROM indicator_results WHERE run_id = (SELECT run_id FROM ctx);
DELETE FROM deduction_evidence WHERE run_id = (SELECT run_id FROM ctx);
DELETE FROM vetoes WHERE run_id = (SELECT run_id FROM ctx);
DELETE FROM group_scores WHERE run_id = (SELECT run_id FROM ctx);
DELETE FROM scores WHERE run_id = (SELECT run_id FROM ctx);
DELETE FROM review_items WHERE run_id = (SELECT run_id FROM ctx);
DELETE FROM score_runs WHERE run_id = (SELECT run_id FROM ctx);

INSERT INTO interpretation_links
SELECT c.run_id, l.site_id, l.interpretation_url, l.policy_url, l.method, l.confidence,
       l.interpretation_date, l.policy_date, l.lag_workdays, l.timely
FROM links l, ctx c
ORDER BY l.site_id, l.policy_url, l.interpretation_url;

INSERT INTO indicator_results
SELECT c.run_id, r.site_id, r.group_key, r.indicator, r.column_key, r.value, r.score, r.max_score,
       r.status, r.detail
FROM results r, ctx c
ORDER BY r.site_id, r.group_ord, r.indicator_ord, r.column_ord;

INSERT INTO deduction_evidence
SELECT c.run_id, e.site_id, e.indicator, e.column_key, e.posting_url, e.list_url, e.fetch_sha256, e.note
FROM evidence e, ctx c
ORDER BY e.site_id, e.indicator, e.column_key NULLS FIRST, e.posting_url NULLS FIRST, e.note;

INSERT INTO vetoes
SELECT c.run_id, v.site_id, v.rule, v.level, v.value, v.threshold, v.detail
FROM veto_rows v, ctx c
ORDER BY v.site_id, v.rule;

INSERT INTO group_scores
SELECT c.run_id, g.site_id, g.group_key, g.group_name, round(g.score, 4), round(g.max_score, 4)
FROM group_totals g, ctx c
ORDER BY g.site_id, g.group_ord;

INSERT INTO scores (run_id, site_id, total, rank, rank_in_level, rank_in_region, vetoed, veto_reasons,
                    warnings, review_columns, passed)
SELECT c.run_id, t.site_id, t.total,
       rank() OVER (ORDER BY t.veto_order, t.total DESC),
       CASE WHEN t.level IS NOT NULL
            THEN rank() OVER (PARTITION BY t.level ORDER BY t.veto_order, t.total DESC) END,
       CASE WHEN t.region IS NOT NULL
            THEN rank() OVER (PARTITION BY t.region ORDER BY t.veto_order, t.total DESC) END,
       t.vetoed, t.veto_reasons, t.warnings, t.review_columns, t.passed
FROM site_totals t, ctx c
ORDER BY t.site_id;

INSERT INTO review_items
SELECT c.run_id, r.site_id, r.column_key, r.reason
FROM review_rows r, ctx c
ORDER BY r.site_id, r.column_key NULLS FIRST;
