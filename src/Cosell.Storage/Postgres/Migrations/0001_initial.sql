-- Cosell PostgreSQL schema, version 1 (the same tables as SQLite's 0001_initial.sql).
-- Each resource table keeps its canonical JSON document in `doc` (text: kept byte for byte, and a "\u0000" escape
-- stays legal) plus the columns that lookups, List filters and sorts need. The key is a time-ordered bigint identity
-- (`seq`): inserts append to the heap and the primary key's right edge instead of landing at random pages; the public
-- random ids live in unique indexes. Timestamps are UTC ticks (100 ns), as in SQLite, so nothing is rounded to the
-- microsecond. Text keys use the "C" collation: byte order, the order SQLite sorts and NextToken positions assume.

CREATE TABLE engagements (
    seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalog       text COLLATE "C" NOT NULL,
    id            text COLLATE "C" NOT NULL,
    created_at    bigint NOT NULL,
    created_by    text COLLATE "C" NOT NULL,
    context_types text[] COLLATE "C" NOT NULL,  -- the context types, e.g. {Lead}
    version       bigint NOT NULL,
    doc           text NOT NULL
);
CREATE UNIQUE INDEX ux_engagements_catalog_id ON engagements (catalog, id);

-- One row per active member; created_at is the engagement's, copied so that "engagements where X is a member"
-- walks one index in sort order.
CREATE TABLE engagement_members (
    seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    engagement_seq bigint NOT NULL REFERENCES engagements (seq) ON DELETE CASCADE,
    catalog        text COLLATE "C" NOT NULL,
    engagement_id  text COLLATE "C" NOT NULL,
    account_id     text COLLATE "C" NOT NULL,
    join_order     integer NOT NULL,
    created_at     bigint NOT NULL
);
CREATE UNIQUE INDEX ux_engagement_members_engagement_account ON engagement_members (engagement_seq, account_id);
CREATE INDEX ix_engagement_members_account_created ON engagement_members (catalog, account_id, created_at, engagement_id);

-- Visible to sender and receiver through their own columns; never copied per account.
CREATE TABLE invitations (
    seq                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalog             text COLLATE "C" NOT NULL,
    id                  text COLLATE "C" NOT NULL,
    engagement_id       text COLLATE "C" NOT NULL,
    sender_account_id   text COLLATE "C" NOT NULL,
    receiver_account_id text COLLATE "C" NOT NULL,
    payload_type        text COLLATE "C" NOT NULL,
    status              text COLLATE "C" NOT NULL,  -- as stored: PENDING past expiration_date reads as EXPIRED
    invitation_date     bigint NOT NULL,
    expiration_date     bigint NOT NULL,
    version             bigint NOT NULL,
    doc                 text NOT NULL
);
CREATE UNIQUE INDEX ux_invitations_catalog_id ON invitations (catalog, id);
CREATE INDEX ix_invitations_receiver_date ON invitations (catalog, receiver_account_id, invitation_date, id);
CREATE INDEX ix_invitations_sender_date ON invitations (catalog, sender_account_id, invitation_date, id);
CREATE INDEX ix_invitations_engagement_status ON invitations (catalog, engagement_id, status);

CREATE TABLE idempotency (
    account_id   text COLLATE "C" NOT NULL,
    catalog      text COLLATE "C" NOT NULL,
    operation    text COLLATE "C" NOT NULL,
    token        text COLLATE "C" NOT NULL,
    request_hash text NOT NULL,
    response     bytea NOT NULL,
    created_at   bigint NOT NULL,
    PRIMARY KEY (account_id, catalog, operation, token)
);
CREATE INDEX ix_idempotency_created ON idempotency (created_at);

CREATE TABLE accounts (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id text COLLATE "C" NOT NULL UNIQUE,
    doc        text NOT NULL
);
