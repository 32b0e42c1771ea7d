-- As SQLite's 0012_snapshot_lookups.sql: snapshot jobs by engagement, associations by resource, and a member's own
-- snapshots in an engagement each have an index, instead of a walk of the caller's (or the catalog's) history.
CREATE INDEX ix_snapshot_jobs_owner_engagement ON snapshot_jobs (catalog, owner_account_id, engagement_id, created_at, id);
CREATE INDEX ix_resource_associations_resource ON resource_associations (catalog, resource_id, resource_type);
CREATE INDEX ix_resource_snapshots_engagement_creator ON resource_snapshots (catalog, engagement_id, created_by);
