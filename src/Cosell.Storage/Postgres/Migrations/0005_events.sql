-- The event outbox, as SQLite's 0005_events.sql: one row per recipient account, appended in the transaction of the
-- change that caused it. seq is the feed cursor. A sequence hands out numbers at insert time, not at commit, so a
-- session appending events for an account holds that account's advisory lock until it ends: within one account's feed,
-- seq order is commit order and a reader never skips a row that commits late.
CREATE TABLE events (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          text COLLATE "C" NOT NULL,
    account_id  text COLLATE "C" NOT NULL,
    catalog     text COLLATE "C" NOT NULL,
    detail_type text COLLATE "C" NOT NULL,
    time        bigint NOT NULL,
    envelope    text NOT NULL
);
CREATE INDEX ix_events_account_seq ON events (account_id, seq);

-- How far each delivery target (a webhook URL) of an account has got; survives restarts.
CREATE TABLE delivery_cursors (
    account_id text COLLATE "C" NOT NULL,
    target     text COLLATE "C" NOT NULL,
    seq        bigint NOT NULL,
    PRIMARY KEY (account_id, target)
);

CREATE INDEX ix_invitations_status_expiration ON invitations (status, expiration_date);
