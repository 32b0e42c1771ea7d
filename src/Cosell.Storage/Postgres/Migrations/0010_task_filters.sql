-- As SQLite's 0010_task_filters.sql: the List…Tasks filters by opportunity, engagement and invitation seek their tasks.
CREATE INDEX ix_tasks_opportunity ON tasks (catalog, kind, initiator_account_id, opportunity_id) WHERE opportunity_id IS NOT NULL;
CREATE INDEX ix_tasks_engagement ON tasks (catalog, kind, initiator_account_id, engagement_id) WHERE engagement_id IS NOT NULL;
CREATE INDEX ix_tasks_invitation ON tasks (catalog, kind, initiator_account_id, invitation_id) WHERE invitation_id IS NOT NULL;
