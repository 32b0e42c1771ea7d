-- Three lookups that walked history (a soak of the opportunity side, growing with each account's engagements):
-- ListResourceSnapshotJobs by engagement walked every job the caller ever made, deleted ones included;
-- ListEngagementResourceAssociations by resource walked every engagement the caller is in;
-- and whether the caller has a snapshot of its own in an engagement walked every revision there.
CREATE INDEX ix_snapshot_jobs_owner_engagement ON snapshot_jobs (catalog, owner_account_id, engagement_id, created_at, id);
CREATE INDEX ix_resource_associations_resource ON resource_associations (catalog, resource_id, resource_type);
CREATE INDEX ix_resource_snapshots_engagement_creator ON resource_snapshots (catalog, engagement_id, created_by);
