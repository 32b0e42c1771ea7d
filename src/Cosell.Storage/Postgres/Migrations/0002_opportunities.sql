-- Opportunities, as SQLite's 0002_opportunities.sql: account-owned, so every key starts with (catalog,
-- owner_account_id). `number` is the numeric part of the id (ids are "O" + number), used for the Identifier sort and as
-- the tie-breaker of every other sort. Text sort keys use the "C" collation (byte order, as SQLite's BINARY):
-- customer_name_key is the lower-cased customer company name, target_close_date the YYYY-MM-DD date; both are '' when
-- absent. Timestamps are UTC ticks. Hidden rows are never listed.
CREATE TABLE opportunities (
    seq                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalog            text COLLATE "C" NOT NULL,
    owner_account_id   text COLLATE "C" NOT NULL,
    id                 text COLLATE "C" NOT NULL,
    number             bigint NOT NULL,
    review_status      text COLLATE "C" NOT NULL,
    stage              text COLLATE "C" NOT NULL,
    customer_name_key  text COLLATE "C" NOT NULL,
    target_close_date  text COLLATE "C" NOT NULL,
    created_date       bigint NOT NULL,
    last_modified_date bigint NOT NULL,
    engagement_id      text COLLATE "C",
    hidden             boolean NOT NULL,
    version            bigint NOT NULL,
    doc                text NOT NULL
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

-- The last opportunity number handed out per catalog. The row stays locked by the session that bumped it until that
-- session ends, so committed numbers increase in commit order on every instance.
CREATE TABLE opportunity_counters (
    catalog     text COLLATE "C" PRIMARY KEY,
    last_number bigint NOT NULL
);
