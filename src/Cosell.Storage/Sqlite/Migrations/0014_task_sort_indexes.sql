-- Task lists that sorted every match on each page (plans22, 20,000 tasks of one account): prospecting tasks sorted by
-- name or by failed count had no index in either order (18-31 ms a page), and tasks of one engagement were sought by
-- engagement alone, then sorted by start time (17.6 ms a page when one engagement has many).
CREATE INDEX ix_prospecting_tasks_initiator_name ON prospecting_tasks (catalog, initiator_account_id, task_name, id);
CREATE INDEX ix_prospecting_tasks_initiator_failed ON prospecting_tasks (catalog, initiator_account_id, failed_count, id);
DROP INDEX ix_tasks_engagement;
CREATE INDEX ix_tasks_engagement ON tasks (catalog, kind, initiator_account_id, engagement_id, start_time, id) WHERE engagement_id IS NOT NULL;
