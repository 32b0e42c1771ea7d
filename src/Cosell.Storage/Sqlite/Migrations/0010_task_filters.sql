-- The List…Tasks filters by opportunity, engagement and invitation (at most ten ids each) seek their tasks instead of
-- testing every task of the caller's: a partner submitting every opportunity through a task has as many tasks as
-- opportunities, and a CRM asks for one opportunity's or one invitation's task.
CREATE INDEX ix_tasks_opportunity ON tasks (catalog, kind, initiator_account_id, opportunity_id) WHERE opportunity_id IS NOT NULL;
CREATE INDEX ix_tasks_engagement ON tasks (catalog, kind, initiator_account_id, engagement_id) WHERE engagement_id IS NOT NULL;
CREATE INDEX ix_tasks_invitation ON tasks (catalog, kind, initiator_account_id, invitation_id) WHERE invitation_id IS NOT NULL;
