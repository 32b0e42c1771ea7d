-- Cosell SQLite schema, version 1.
-- Each resource table keeps its canonical JSON document in `doc` plus the columns that lookups, List filters and
-- sorts need. The clustered key is an INTEGER PRIMARY KEY (`seq`, the rowid): inserts append to the b-tree instead
-- of landing at random pages, and the public random ids live in UNIQUE indexes. Timestamps are UTC ticks (100 ns).

CREATE TABLE engagements (
    seq           INTEGER PRIMARY KEY,
    catalog       TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    created_by    TEXT    NOT NULL,
    context_types TEXT    NOT NULL,  -- JSON array of the context types, e.g. ["Lead"]
    version       INTEGER NOT NULL,
    doc           TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_engagements_catalog_id ON engagements (catalog, id);

-- One row per active member; created_at is the engagement's, copied so that "engagements where X is a member"
-- walks one index in sort order.
CREATE TABLE engagement_members (
    seq            INTEGER PRIMARY KEY,
    engagement_seq INTEGER NOT NULL REFERENCES engagements (seq) ON DELETE CASCADE,
    catalog        TEXT    NOT NULL,
    engagement_id  TEXT    NOT NULL,
    account_id     TEXT    NOT NULL,
    join_order     INTEGER NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_engagement_members_engagement_account ON engagement_members (engagement_seq, account_id);
CREATE INDEX ix_engagement_members_account_created ON engagement_members (catalog, account_id, created_at, engagement_id);

-- Visible to sender and receiver through their own columns; never copied per account.
CREATE TABLE invitations (
    seq                 INTEGER PRIMARY KEY,
    catalog             TEXT    NOT NULL,
    id                  TEXT    NOT NULL,
    engagement_id       TEXT    NOT NULL,
    sender_account_id   TEXT    NOT NULL,
    receiver_account_id TEXT    NOT NULL,
    payload_type        TEXT    NOT NULL,
    status              TEXT    NOT NULL,  -- as stored: PENDING past expiration_date reads as EXPIRED
    invitation_date     INTEGER NOT NULL,
    expiration_date     INTEGER NOT NULL,
    version             INTEGER NOT NULL,
    doc                 TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_invitations_catalog_id ON invitations (catalog, id);
CREATE INDEX ix_invitations_receiver_date ON invitations (catalog, receiver_account_id, invitation_date, id);
CREATE INDEX ix_invitations_sender_date ON invitations (catalog, sender_account_id, invitation_date, id);
CREATE INDEX ix_invitations_engagement_status ON invitations (catalog, engagement_id, status);

CREATE TABLE idempotency (
    account_id   TEXT    NOT NULL,
    catalog      TEXT    NOT NULL,
    operation    TEXT    NOT NULL,
    token        TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    response     BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (account_id, catalog, operation, token)
);
CREATE INDEX ix_idempotency_created ON idempotency (created_at);

CREATE TABLE accounts (
    seq        INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL UNIQUE,
    doc        TEXT NOT NULL
);
