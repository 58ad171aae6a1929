-- zwgk crawl tables: written by the crawler, read by scoring and reports.
-- Public interface, documented in docs/schema.md. Add columns at the end; never rename.
CREATE SEQUENCE IF NOT EXISTS run_id_seq START 1;

CREATE TABLE IF NOT EXISTS runs (
    run_id        INTEGER PRIMARY KEY,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    status        VARCHAR NOT NULL,          -- running | complete | incomplete
    year          INTEGER NOT NULL,          -- evaluation year
    as_of         DATE NOT NULL,             -- reference date for "days without update"
    window_start  DATE NOT NULL,             -- 1 Jan of year
    window_end    DATE NOT NULL,             -- 31 Dec of year
    sites_file    VARCHAR,
    indicators    VARCHAR,                   -- indicator system name used for column discovery
    zwgk_version  VARCHAR,
    settings      JSON,                      -- effective crawl settings (caps, timeouts, ...)
    summary       JSON,                      -- crawl summary (counts, caps hit, rendered pages)
    warnings      VARCHAR[]
);

CREATE TABLE IF NOT EXISTS sites (
    run_id          INTEGER NOT NULL,
    site_id         VARCHAR NOT NULL,
    name            VARCHAR NOT NULL,
    url             VARCHAR NOT NULL,
    region          VARCHAR,
    level           VARCHAR,                 -- province | city | county | department
    reachable       BOOLEAN,                 -- NULL until probed; false = the site did not answer
    homepage_status INTEGER,
    homepage_error  VARCHAR,
    homepage_sha256 VARCHAR,
    homepage_last_date DATE,                 -- newest date shown on the homepage (homepage-stale veto)
    robots_obeyed   BOOLEAN,
    pages_fetched   INTEGER,
    caps_hit        VARCHAR[],
    PRIMARY KEY (run_id, site_id)
);

CREATE TABLE IF NOT EXISTS columns (
    run_id         INTEGER NOT NULL,
    site_id        VARCHAR NOT NULL,
    column_key     VARCHAR NOT NULL,         -- canonical key (DOMAIN.md)
    label          VARCHAR,                  -- label actually found on the site
    list_url       VARCHAR,
    found_by       VARCHAR,                  -- config | nav | iframe | xxgk
    status         VARCHAR NOT NULL,         -- ok | empty | broken | absent | failed
    status_reason  VARCHAR,
    pages          INTEGER NOT NULL DEFAULT 0,
    postings       INTEGER NOT NULL DEFAULT 0,
    postings_in_window INTEGER NOT NULL DEFAULT 0,
    last_published DATE,
    cap_hit        BOOLEAN NOT NULL DEFAULT false,
    review         BOOLEAN NOT NULL DEFAULT false,   -- our doubt: exclude from deductions
    review_reason  VARCHAR,
    list_sha256    VARCHAR,                  -- evidence of the first list page
    PRIMARY KEY (run_id, site_id, column_key)
);

CREATE TABLE IF NOT EXISTS postings (
    run_id          INTEGER NOT NULL,
    site_id         VARCHAR NOT NULL,
    column_key      VARCHAR NOT NULL,
    url             VARCHAR NOT NULL,        -- absolute, canonicalised
    title           VARCHAR NOT NULL,
    published_date  DATE,
    written_date    DATE,
    doc_no          VARCHAR,                 -- 文号
    publisher       VARCHAR,                 -- 发布机构
    index_no        VARCHAR,                 -- 索引号
    pinned          BOOLEAN NOT NULL DEFAULT false,
    external        BOOLEAN NOT NULL DEFAULT false,  -- off-site item (not fetched)
    attachment      BOOLEAN NOT NULL DEFAULT false,  -- .pdf/.doc/... link (not fetched)
    date_source     VARCHAR,                 -- list | detail_meta | detail_table | url | api
    list_url        VARCHAR,                 -- list page the posting was seen on
    list_page       INTEGER,                 -- 1-based page number within the column
    detail_sha256   VARCHAR,                 -- evidence of the detail page, if fetched
    cited_urls      VARCHAR[],               -- links in the detail text
    cited_names     VARCHAR[],               -- 《》 names in the title / text
    cited_doc_nos   VARCHAR[],               -- 文号 cited in the text
    PRIMARY KEY (run_id, site_id, column_key, url)
);

CREATE TABLE IF NOT EXISTS fetches (
    run_id      INTEGER NOT NULL,
    site_id     VARCHAR NOT NULL,
    url         VARCHAR NOT NULL,
    method      VARCHAR NOT NULL DEFAULT 'GET',
    purpose     VARCHAR,                     -- robots | homepage | discovery | list | detail
    column_key  VARCHAR,
    status      INTEGER,                     -- HTTP status; NULL when no response
    error       VARCHAR,                     -- timeout | refused | dns | reset | tls | http_4xx | ...
    elapsed_ms  INTEGER,
    bytes       BIGINT,
    rendered    BOOLEAN NOT NULL DEFAULT false,
    render_reason VARCHAR,
    sha256      VARCHAR,                     -- evidence key in the store beside the db
    content_type VARCHAR,
    fetched_at  TIMESTAMPTZ NOT NULL,
    request_fingerprint VARCHAR               -- Scrapy request fingerprint (resume and page reuse)
);

-- Columns added after the first release: databases created earlier gain them here.
ALTER TABLE sites ADD COLUMN IF NOT EXISTS homepage_last_date DATE;
ALTER TABLE fetches ADD COLUMN IF NOT EXISTS request_fingerprint VARCHAR;

-- Crawl health (Spidermon-style thresholds from crawler/health.yaml), one row per column per run.
CREATE TABLE IF NOT EXISTS crawl_health (
    run_id            INTEGER NOT NULL,
    site_id           VARCHAR NOT NULL,
    column_key        VARCHAR NOT NULL,
    status            VARCHAR NOT NULL,
    postings          INTEGER NOT NULL,
    previous_run_id   INTEGER,                -- latest earlier complete run with this site
    previous_postings INTEGER,
    dated_share       DOUBLE,                 -- postings with a published date / postings
    full_title_share  DOUBLE,                 -- postings whose title is not cut with …
    errors            JSON,                   -- fetch errors of the column by kind
    flags             VARCHAR[],              -- drop | undated | truncated_titles | fetch_errors
    PRIMARY KEY (run_id, site_id, column_key)
);
