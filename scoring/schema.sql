-- zwgk scoring tables: written by `zwgk score`, read by reports and analysts.
-- Re-scoring a run replaces that run's rows in one transaction. Documented in docs/schema.md.

CREATE TABLE IF NOT EXISTS score_runs (
    run_id            INTEGER PRIMARY KEY,
    indicator_system  VARCHAR NOT NULL,      -- name of the system
    indicators_sha256 VARCHAR NOT NULL,      -- hash of the YAML used
    indicators_yaml   VARCHAR NOT NULL,      -- the YAML itself, for reproduction
    scored_at         TIMESTAMPTZ NOT NULL,
    calendar          VARCHAR NOT NULL,      -- chinesecalendar | weekday-fallback | holiday-file
    warnings          VARCHAR[],
    as_of             DATE,                  -- as-of date of the scored run
    window_start      DATE,
    window_end        DATE,
    run_status        VARCHAR                -- crawl run status when scored (incomplete only if allowed)
);

CREATE TABLE IF NOT EXISTS interpretation_links (
    run_id             INTEGER NOT NULL,
    site_id            VARCHAR NOT NULL,
    interpretation_url VARCHAR NOT NULL,
    policy_url         VARCHAR NOT NULL,
    method             VARCHAR NOT NULL,     -- anchor | doc_no | name | fuzzy
    confidence         DOUBLE NOT NULL,      -- 0..1
    interpretation_date DATE,
    policy_date        DATE,
    lag_workdays       INTEGER,              -- working days policy → interpretation
    timely             BOOLEAN
);

CREATE TABLE IF NOT EXISTS indicator_results (
    run_id      INTEGER NOT NULL,
    site_id     VARCHAR NOT NULL,
    group_key   VARCHAR NOT NULL,
    indicator   VARCHAR NOT NULL,            -- indicator key from the YAML
    column_key  VARCHAR,                     -- when the indicator is per column
    value       DOUBLE,                      -- the measured quantity (days, count, ratio)
    score       DOUBLE NOT NULL,
    max_score   DOUBLE NOT NULL,
    status      VARCHAR NOT NULL,            -- full | deducted | excluded (our failure, under review)
    detail      VARCHAR                      -- one sentence in Chinese explaining the score
);

CREATE TABLE IF NOT EXISTS deduction_evidence (
    run_id       INTEGER NOT NULL,
    site_id      VARCHAR NOT NULL,
    indicator    VARCHAR NOT NULL,
    column_key   VARCHAR,
    posting_url  VARCHAR,                    -- postings.url
    list_url     VARCHAR,                    -- columns.list_url
    fetch_sha256 VARCHAR,                    -- fetches.sha256 (evidence store key)
    note         VARCHAR
);

CREATE TABLE IF NOT EXISTS vetoes (
    run_id    INTEGER NOT NULL,
    site_id   VARCHAR NOT NULL,
    rule      VARCHAR NOT NULL,              -- unreachable | homepage_stale | blank_columns | stale_columns | ...
    level     VARCHAR NOT NULL,              -- veto | warning
    value     DOUBLE,
    threshold DOUBLE,
    detail    VARCHAR
);

CREATE TABLE IF NOT EXISTS group_scores (
    run_id    INTEGER NOT NULL,
    site_id   VARCHAR NOT NULL,
    group_key VARCHAR NOT NULL,
    group_name VARCHAR NOT NULL,
    score     DOUBLE NOT NULL,
    max_score DOUBLE NOT NULL
);

CREATE TABLE IF NOT EXISTS scores (
    run_id        INTEGER NOT NULL,
    site_id       VARCHAR NOT NULL,
    total         DECIMAL(5,2) NOT NULL,     -- 0..100, two decimals
    rank          INTEGER NOT NULL,          -- 1 = best; ties share a rank (RANK())
    rank_in_level INTEGER,
    rank_in_region INTEGER,
    vetoed        BOOLEAN NOT NULL,
    veto_reasons  VARCHAR[],
    warnings      VARCHAR[],
    review_columns VARCHAR[],                -- columns excluded because of our own failure
    passed        BOOLEAN,                   -- total ≥ pass line (60) and not vetoed
    PRIMARY KEY (run_id, site_id)
);

CREATE TABLE IF NOT EXISTS review_items (
    run_id     INTEGER NOT NULL,
    site_id    VARCHAR NOT NULL,
    column_key VARCHAR,
    reason     VARCHAR NOT NULL
);

-- Columns added after the first release (databases created with an older schema).
ALTER TABLE score_runs ADD COLUMN IF NOT EXISTS as_of DATE;
ALTER TABLE score_runs ADD COLUMN IF NOT EXISTS window_start DATE;
ALTER TABLE score_runs ADD COLUMN IF NOT EXISTS window_end DATE;
ALTER TABLE score_runs ADD COLUMN IF NOT EXISTS run_status VARCHAR;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS passed BOOLEAN;
