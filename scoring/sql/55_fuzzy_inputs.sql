-- Inputs for fuzzy title matching: interpretations without an exact link, dated inside the
-- window up to the as-of date, and the policies they may interpret. Python gets row ids and
-- titles and answers with (interpretation id, policy id, confidence) in fuzzy_matches.
CREATE OR REPLACE TEMP TABLE fuzzy_inputs AS
SELECT row_number() OVER (ORDER BY site_id, side, published_date, url) AS id, *
FROM (
    SELECT 'i' AS side, i.site_id, i.url, i.title, i.published_date
    FROM interp_candidates i, ctx c
    WHERE i.published_date BETWEEN c.window_start AND c.as_of
      AND NOT EXISTS (SELECT 1 FROM exact_links e
                      WHERE e.site_id = i.site_id AND e.interpretation_url = i.url)
    UNION ALL
    SELECT 'p', p.site_id, p.url, p.title, p.published_date
    FROM policies p, ctx c
    -- policies from shortly before the window compete too, so that an interpretation of a December
    -- policy published in January does not fall on a similar title of the window
    WHERE p.published_date BETWEEN c.window_start - INTERVAL 92 DAY AND c.as_of
);

SELECT id, side, site_id, title, published_date FROM fuzzy_inputs ORDER BY id;
