-- The context a task was started from when it made another one (a lead converted into a CustomerProject context):
-- ListOpportunityFromEngagementTasks' ContextIdentifier filter matches either.
ALTER TABLE tasks ADD COLUMN source_context_id TEXT;
