-- Opportunities: account-owned, so every key starts with (catalog, owner_account_id). `number` is the numeric part of
-- the id (ids are "O" + number), used for the Identifier sort and as the tie-breaker of every other sort. Text sort
-- keys compare byte-wise (BINARY): customer_name_key is the lower-cased customer company name, target_close_date the
-- YYYY-MM-DD date; both are '' when absent. Timestamps are UTC ticks. Hidden rows (hidden = 1) are never listed.
CREATE TABLE opportunities (
    seq                INTEGER PRIMARY KEY,
    catalog            TEXT    NOT NULL,
    owner_account_id   TEXT    NOT NULL,
    id                 TEXT    NOT NULL,
    number             INTEGER NOT NULL,
    review_status      TEXT    NOT NULL,
    stage              TEXT    NOT NULL,
    customer_name_key  TEXT    NOT NULL,
    target_close_date  TEXT    NOT NULL,
    created_date       INTEGER NOT NULL,
    last_modified_date INTEGER NOT NULL,
    engagement_id      TEXT,
    hidden             INTEGER NOT NULL,
    version            INTEGER NOT NULL,
    doc                TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_opportunities_owner_id ON opportunities (catalog, owner_account_id, id);
-- One index per ListOpportunities sort (Identifier uses the number index); the status and stage filters lead their
-- own indexes in the default sort order.
CREATE UNIQUE INDEX ux_opportunities_owner_number ON opportunities (catalog, owner_account_id, number);
CREATE INDEX ix_opportunities_owner_modified ON opportunities (catalog, owner_account_id, last_modified_date, number);
CREATE INDEX ix_opportunities_owner_created ON opportunities (catalog, owner_account_id, created_date, number);
CREATE INDEX ix_opportunities_owner_customer ON opportunities (catalog, owner_account_id, customer_name_key, number);
CREATE INDEX ix_opportunities_owner_close ON opportunities (catalog, owner_account_id, target_close_date, number);
CREATE INDEX ix_opportunities_owner_review ON opportunities (catalog, owner_account_id, review_status, last_modified_date, number);
CREATE INDEX ix_opportunities_owner_stage ON opportunities (catalog, owner_account_id, stage, last_modified_date, number);
CREATE INDEX ix_opportunities_engagement ON opportunities (catalog, engagement_id, number) WHERE engagement_id IS NOT NULL;

-- The last opportunity number handed out per catalog (ids increase monotonically within a catalog).
CREATE TABLE opportunity_counters (
    catalog     TEXT PRIMARY KEY,
    last_number INTEGER NOT NULL
);
