-- ListEngagements by CreatedBy, ExcludeCreatedBy or ContextTypes walks the caller's memberships newest first until a
-- page matches; each step read the engagement's row (about 1 KB with its document) to test the filter (scale26: 0.4 to
-- 0.6 s a page at 500,000 memberships of one account when few match). The member rows now carry the engagement's
-- creator and context types (a JSON array, as engagements.context_types), and the index the walk reads holds them, so
-- the test reads neither table's rows.
ALTER TABLE engagement_members ADD COLUMN created_by TEXT;
ALTER TABLE engagement_members ADD COLUMN context_types TEXT;
UPDATE engagement_members SET
    created_by = (SELECT e.created_by FROM engagements e WHERE e.seq = engagement_members.engagement_seq),
    context_types = (SELECT e.context_types FROM engagements e WHERE e.seq = engagement_members.engagement_seq);
-- Builds before this migration that take no folder lock (before 4dceae3), still running beside a newer one, insert
-- member rows without the copies: a trigger fills them in. A newer build writes the copies with the row, so the WHEN is
-- all it costs. Every build rewrites an engagement's member rows when it changes the engagement, but the second trigger
-- keeps the copies right whatever a writer does.
CREATE TRIGGER tr_engagement_members_inserted_without_filters AFTER INSERT ON engagement_members
    WHEN NEW.created_by IS NULL
BEGIN
    UPDATE engagement_members SET
        created_by = (SELECT e.created_by FROM engagements e WHERE e.seq = NEW.engagement_seq),
        context_types = (SELECT e.context_types FROM engagements e WHERE e.seq = NEW.engagement_seq)
    WHERE seq = NEW.seq;
END;
CREATE TRIGGER tr_engagements_filters_changed AFTER UPDATE OF created_by, context_types ON engagements
    WHEN OLD.created_by IS NOT NEW.created_by OR OLD.context_types IS NOT NEW.context_types
BEGIN
    UPDATE engagement_members SET created_by = NEW.created_by, context_types = NEW.context_types
    WHERE engagement_seq = NEW.seq;
END;
DROP INDEX ix_engagement_members_account_created;
CREATE INDEX ix_engagement_members_account_created
    ON engagement_members (catalog, account_id, created_at, engagement_id, engagement_seq, created_by, context_types);
