-- As SQLite's 0006_snapshots_settings_prospecting.sql: resource snapshots (immutable revisions, engagement-scoped), the
-- engagement↔resource associations their first snapshot makes, resource snapshot jobs (account-owned; deleted ones kept
-- as tombstones), selling-system settings and prospecting tasks. Timestamps are UTC ticks.
CREATE TABLE resource_snapshots (
    seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalog       text COLLATE "C" NOT NULL,
    engagement_id text COLLATE "C" NOT NULL,
    resource_type text COLLATE "C" NOT NULL,
    resource_id   text COLLATE "C" NOT NULL,
    template      text COLLATE "C" NOT NULL,
    revision      integer NOT NULL,
    created_by    text COLLATE "C" NOT NULL,
    owner_only    boolean NOT NULL,
    doc           text NOT NULL
);
CREATE UNIQUE INDEX ux_resource_snapshots_key ON resource_snapshots (catalog, engagement_id, resource_type, resource_id, template, revision);
CREATE INDEX ix_resource_snapshots_engagement ON resource_snapshots (catalog, engagement_id, seq);

-- shared = false while only owner-only snapshots made the association (then only created_by sees it).
CREATE TABLE resource_associations (
    seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalog       text COLLATE "C" NOT NULL,
    engagement_id text COLLATE "C" NOT NULL,
    resource_type text COLLATE "C" NOT NULL,
    resource_id   text COLLATE "C" NOT NULL,
    created_by    text COLLATE "C" NOT NULL,
    created_at    bigint NOT NULL,
    shared        boolean NOT NULL
);
CREATE UNIQUE INDEX ux_resource_associations_key ON resource_associations (catalog, engagement_id, resource_type, resource_id);

CREATE TABLE snapshot_jobs (
    seq              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalog          text COLLATE "C" NOT NULL,
    id               text COLLATE "C" NOT NULL,
    owner_account_id text COLLATE "C" NOT NULL,
    engagement_id    text COLLATE "C" NOT NULL,
    resource_type    text COLLATE "C" NOT NULL,
    resource_id      text COLLATE "C" NOT NULL,
    template         text COLLATE "C" NOT NULL,
    status           text COLLATE "C" NOT NULL,
    created_at       bigint NOT NULL,
    deleted          boolean NOT NULL,
    version          bigint NOT NULL,
    doc              text NOT NULL
);
CREATE UNIQUE INDEX ux_snapshot_jobs_catalog_id ON snapshot_jobs (catalog, id);
CREATE INDEX ix_snapshot_jobs_owner_created ON snapshot_jobs (catalog, owner_account_id, created_at, id);
CREATE INDEX ix_snapshot_jobs_resource ON snapshot_jobs (catalog, owner_account_id, resource_type, resource_id, status);

CREATE TABLE selling_system_settings (
    account_id text COLLATE "C" NOT NULL,
    catalog    text COLLATE "C" NOT NULL,
    doc        text NOT NULL,
    PRIMARY KEY (account_id, catalog)
);

CREATE TABLE prospecting_tasks (
    seq                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalog              text COLLATE "C" NOT NULL,
    id                   text COLLATE "C" NOT NULL,
    initiator_account_id text COLLATE "C" NOT NULL,
    task_name            text COLLATE "C" NOT NULL,
    start_time           bigint NOT NULL,
    failed_count         integer NOT NULL,
    doc                  text NOT NULL
);
CREATE UNIQUE INDEX ux_prospecting_tasks_catalog_id ON prospecting_tasks (catalog, id);
CREATE INDEX ix_prospecting_tasks_initiator_start ON prospecting_tasks (catalog, initiator_account_id, start_time, id);
