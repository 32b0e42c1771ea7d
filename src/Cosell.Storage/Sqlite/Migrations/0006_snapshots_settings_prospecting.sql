-- Resource snapshots (immutable revisions, engagement-scoped), the engagement↔resource associations their first
-- snapshot makes, resource snapshot jobs (account-owned; deleted ones kept as tombstones), selling-system settings and
-- prospecting tasks. Timestamps are UTC ticks.
CREATE TABLE resource_snapshots (
    seq           INTEGER PRIMARY KEY,
    catalog       TEXT    NOT NULL,
    engagement_id TEXT    NOT NULL,
    resource_type TEXT    NOT NULL,
    resource_id   TEXT    NOT NULL,
    template      TEXT    NOT NULL,
    revision      INTEGER NOT NULL,
    created_by    TEXT    NOT NULL,
    owner_only    INTEGER NOT NULL,
    doc           TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_resource_snapshots_key ON resource_snapshots (catalog, engagement_id, resource_type, resource_id, template, revision);
CREATE INDEX ix_resource_snapshots_engagement ON resource_snapshots (catalog, engagement_id, seq);

-- shared = 0 while only owner-only snapshots made the association (then only created_by sees it).
CREATE TABLE resource_associations (
    seq           INTEGER PRIMARY KEY,
    catalog       TEXT    NOT NULL,
    engagement_id TEXT    NOT NULL,
    resource_type TEXT    NOT NULL,
    resource_id   TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    shared        INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_resource_associations_key ON resource_associations (catalog, engagement_id, resource_type, resource_id);

CREATE TABLE snapshot_jobs (
    seq              INTEGER PRIMARY KEY,
    catalog          TEXT    NOT NULL,
    id               TEXT    NOT NULL,
    owner_account_id TEXT    NOT NULL,
    engagement_id    TEXT    NOT NULL,
    resource_type    TEXT    NOT NULL,
    resource_id      TEXT    NOT NULL,
    template         TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    deleted          INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    doc              TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_snapshot_jobs_catalog_id ON snapshot_jobs (catalog, id);
CREATE INDEX ix_snapshot_jobs_owner_created ON snapshot_jobs (catalog, owner_account_id, created_at, id);
CREATE INDEX ix_snapshot_jobs_resource ON snapshot_jobs (catalog, owner_account_id, resource_type, resource_id, status);

CREATE TABLE selling_system_settings (
    account_id TEXT NOT NULL,
    catalog    TEXT NOT NULL,
    doc        TEXT NOT NULL,
    PRIMARY KEY (account_id, catalog)
);

CREATE TABLE prospecting_tasks (
    seq                  INTEGER PRIMARY KEY,
    catalog              TEXT    NOT NULL,
    id                   TEXT    NOT NULL,
    initiator_account_id TEXT    NOT NULL,
    task_name            TEXT    NOT NULL,
    start_time           INTEGER NOT NULL,
    failed_count         INTEGER NOT NULL,
    doc                  TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_prospecting_tasks_catalog_id ON prospecting_tasks (catalog, id);
CREATE INDEX ix_prospecting_tasks_initiator_start ON prospecting_tasks (catalog, initiator_account_id, start_time, id);
