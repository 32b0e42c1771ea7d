-- Engagement tasks (three kinds in one table): listed to the account that started them, by start time.
-- The id filters' columns are kept beside the document; the lists they filter are short (tasks per account).
CREATE TABLE tasks (
    seq                  INTEGER PRIMARY KEY,
    catalog              TEXT    NOT NULL,
    kind                 TEXT    NOT NULL,
    id                   TEXT    NOT NULL,
    initiator_account_id TEXT    NOT NULL,
    start_time           INTEGER NOT NULL,
    status               TEXT    NOT NULL,
    opportunity_id       TEXT,
    engagement_id        TEXT,
    invitation_id        TEXT,
    context_id           TEXT,
    doc                  TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_tasks_catalog_kind_id ON tasks (catalog, kind, id);
CREATE INDEX ix_tasks_initiator_start ON tasks (catalog, kind, initiator_account_id, start_time, id);
