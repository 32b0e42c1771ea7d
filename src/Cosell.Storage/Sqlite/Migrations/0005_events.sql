-- The event outbox: one row per recipient account, appended in the transaction of the change that caused it.
-- seq is the feed cursor (strictly increasing in commit order: SQLite has one writer).
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL,
    account_id  TEXT    NOT NULL,
    catalog     TEXT    NOT NULL,
    detail_type TEXT    NOT NULL,
    time        INTEGER NOT NULL,
    envelope    TEXT    NOT NULL
);
CREATE INDEX ix_events_account_seq ON events (account_id, seq);

-- How far each delivery target (a webhook URL) of an account has got; survives restarts.
CREATE TABLE delivery_cursors (
    account_id TEXT    NOT NULL,
    target     TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    PRIMARY KEY (account_id, target)
);

CREATE INDEX ix_invitations_status_expiration ON invitations (status, expiration_date);
