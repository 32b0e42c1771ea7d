-- Engagement tasks (three kinds in one table), as SQLite's 0003_tasks.sql: listed to the account that started them,
-- by start time. The id filters' columns are kept beside the document.
CREATE TABLE tasks (
    seq                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalog              text COLLATE "C" NOT NULL,
    kind                 text COLLATE "C" NOT NULL,
    id                   text COLLATE "C" NOT NULL,
    initiator_account_id text COLLATE "C" NOT NULL,
    start_time           bigint NOT NULL,
    status               text COLLATE "C" NOT NULL,
    opportunity_id       text COLLATE "C",
    engagement_id        text COLLATE "C",
    invitation_id        text COLLATE "C",
    context_id           text COLLATE "C",
    doc                  text NOT NULL
);
CREATE UNIQUE INDEX ux_tasks_catalog_kind_id ON tasks (catalog, kind, id);
CREATE INDEX ix_tasks_initiator_start ON tasks (catalog, kind, initiator_account_id, start_time, id);
