-- Temp tables holding the run context and the indicator system; filled by the runner.
CREATE OR REPLACE TEMP TABLE ctx (
    run_id              INTEGER,
    year                INTEGER,
    as_of               DATE,
    window_start        DATE,
    window_end          DATE,
    period_end          DATE,      -- least(window_end, as_of): the part of the window that has happened
    policy_column       VARCHAR,
    interp_column       VARCHAR,
    interp_max_workdays INTEGER,
    vetoed_last         BOOLEAN,
    pass_line           DOUBLE
);

CREATE OR REPLACE TEMP TABLE spec_columns (
    column_key    VARCHAR,
    column_name   VARCHAR,
    cadence_days  INTEGER,
    min_postings  INTEGER,
    top_level     BOOLEAN,
    monthly_min   INTEGER,
    column_ord    INTEGER
);

CREATE OR REPLACE TEMP TABLE spec_indicators (
    indicator            VARCHAR,
    indicator_name       VARCHAR,
    kind                 VARCHAR,
    group_key            VARCHAR,
    group_name           VARCHAR,
    group_ord            INTEGER,
    indicator_ord        INTEGER,
    weight               DOUBLE,
    per_column           BOOLEAN,
    max_workdays         INTEGER,
    deadline             VARCHAR,   -- MM-DD
    department_deadline  VARCHAR    -- MM-DD
);

-- Columns each indicator reads; max_score is the column's share for per-column kinds.
CREATE OR REPLACE TEMP TABLE spec_indicator_columns (
    indicator   VARCHAR,
    column_key  VARCHAR,
    max_score   DOUBLE
);

CREATE OR REPLACE TEMP TABLE spec_vetoes (
    rule       VARCHAR,
    veto       DOUBLE,
    warn       DOUBLE,
    days       INTEGER
);

CREATE OR REPLACE TEMP TABLE workdays (
    day         DATE,
    is_workday  BOOLEAN
);

CREATE OR REPLACE TEMP TABLE fuzzy_matches (
    interp_id   BIGINT,
    policy_id   BIGINT,
    confidence  DOUBLE
);

CREATE OR REPLACE TEMP TABLE fuzzy_links (
    site_id             VARCHAR,
    interpretation_url  VARCHAR,
    policy_url          VARCHAR,
    confidence          DOUBLE
);

-- Every indicator kind writes its measured value and the earned share (0..1) here.
CREATE OR REPLACE TEMP TABLE raw_results (
    site_id     VARCHAR,
    indicator   VARCHAR,
    column_key  VARCHAR,
    value       DOUBLE,
    ratio       DOUBLE,
    detail      VARCHAR
);

CREATE OR REPLACE TEMP TABLE raw_evidence (
    site_id      VARCHAR,
    indicator    VARCHAR,
    column_key   VARCHAR,
    posting_url  VARCHAR,
    list_url     VARCHAR,
    fetch_sha256 VARCHAR,
    note         VARCHAR
);

CREATE OR REPLACE TEMP MACRO norm_doc_no(s) AS
    regexp_replace(translate(s, '[]［］()（）﹝﹞【】', '〔〕〔〕〔〕〔〕〔〕〔〕'), '\s', '', 'g');

CREATE OR REPLACE TEMP MACRO norm_name(s) AS
    regexp_replace(s, '[\s《》〈〉“”"]', '', 'g');
