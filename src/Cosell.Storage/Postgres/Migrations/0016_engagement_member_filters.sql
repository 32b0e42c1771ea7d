-- ListEngagements by CreatedBy, ExcludeCreatedBy or ContextTypes walks the caller's memberships newest first until a
-- page matches; each step read the engagement's row (about 1 KB with its document) to test the filter (scale26: 1.0 to
-- 1.2 s a page at 500,000 memberships of one account when few match). The member rows now carry the engagement's
-- creator and context types, and the index the walk reads holds them, so the test reads neither table's rows.
ALTER TABLE engagement_members ADD COLUMN created_by text COLLATE "C", ADD COLUMN context_types text[] COLLATE "C";
UPDATE engagement_members m SET created_by = e.created_by, context_types = e.context_types
    FROM engagements e WHERE e.seq = m.engagement_seq;
-- Builds before this migration, still running beside a newer one, insert member rows without the copies, and change an
-- engagement's context types without touching its member rows: triggers keep the copies whoever writes. A newer build
-- writes the copies with the row, so the first trigger's WHEN is all it costs. Both run AFTER the statement's rows, so
-- an engagement inserted or changed by the same statement (the stores write both in one) is seen.
CREATE FUNCTION engagement_member_copy_filters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE engagement_members m SET created_by = e.created_by, context_types = e.context_types
        FROM engagements e WHERE m.seq = NEW.seq AND e.seq = NEW.engagement_seq;
    RETURN NULL;
END
$$;
CREATE TRIGGER tr_engagement_members_inserted_without_filters AFTER INSERT ON engagement_members
    FOR EACH ROW WHEN (NEW.created_by IS NULL) EXECUTE FUNCTION engagement_member_copy_filters();
CREATE FUNCTION engagement_filters_to_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE engagement_members SET created_by = NEW.created_by, context_types = NEW.context_types
        WHERE engagement_seq = NEW.seq
          AND (created_by IS DISTINCT FROM NEW.created_by OR context_types IS DISTINCT FROM NEW.context_types);
    RETURN NULL;
END
$$;
CREATE TRIGGER tr_engagements_filters_changed AFTER UPDATE OF created_by, context_types ON engagements
    FOR EACH ROW WHEN (OLD.created_by IS DISTINCT FROM NEW.created_by OR OLD.context_types IS DISTINCT FROM NEW.context_types)
    EXECUTE FUNCTION engagement_filters_to_members();
DROP INDEX ix_engagement_members_account_created;
CREATE INDEX ix_engagement_members_account_created ON engagement_members (catalog, account_id, created_at, engagement_id)
    INCLUDE (engagement_seq, created_by, context_types);
-- A creator who made few of the caller's engagements is sought, not walked to: the planner's statistics tell a rare
-- creator from a common one (SQLite has none, and keeps walking the index above).
CREATE INDEX ix_engagement_members_account_creator ON engagement_members (catalog, account_id, created_by, created_at, engagement_id);
