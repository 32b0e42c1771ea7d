-- As SQLite's 0014_task_sort_indexes.sql. The failed count is sorted as bigint (SqlDialect.Int64), so that is what the
-- index holds.
CREATE INDEX ix_prospecting_tasks_initiator_name ON prospecting_tasks (catalog, initiator_account_id, task_name, id);
CREATE INDEX ix_prospecting_tasks_initiator_failed ON prospecting_tasks (catalog, initiator_account_id, (failed_count::bigint), id);
DROP INDEX ix_tasks_engagement;
CREATE INDEX ix_tasks_engagement ON tasks (catalog, kind, initiator_account_id, engagement_id, start_time, id) WHERE engagement_id IS NOT NULL;
