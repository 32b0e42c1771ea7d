-- ListEngagementResourceAssociations without an engagement or a resource joined every membership of the caller to its
-- engagement's associations and sorted them, on every page: 94-205 ms a page at 102,084 memberships, and paging
-- through 19,000 associations took 7.8 s (scale26). One row per (member, association) the caller can be shown, in
-- association order, makes a page one range of an index. Only triggers write it, so every build keeps it, older ones
-- still running included: an association made lists the engagement's members then, a member who joins lists the
-- engagement's associations, one who leaves is taken off. Both writes lock the engagement's row first (write sessions
-- read it FOR UPDATE), so a join and an association made at once never miss each other.
-- An older instance still running writes members and associations while this runs: the two tables are locked against
-- writes before the back-fill reads them, so a member row committed after that read cannot escape both the back-fill and
-- the trigger (assoc26: 200 of 320 rows were missing). All locks are taken here, in the order writers take them (members,
-- then associations), so the migration waits for nothing later and a deadlock with those writes can only happen here.
LOCK TABLE engagement_members, resource_associations IN SHARE ROW EXCLUSIVE MODE;
CREATE TABLE member_associations (
    catalog         text COLLATE "C" NOT NULL,
    account_id      text COLLATE "C" NOT NULL,
    association_seq bigint NOT NULL REFERENCES resource_associations (seq) ON DELETE CASCADE,
    PRIMARY KEY (catalog, account_id, association_seq)
);
INSERT INTO member_associations (catalog, account_id, association_seq)
    SELECT a.catalog, m.account_id, a.seq FROM resource_associations a
    JOIN engagements e ON e.catalog = a.catalog AND e.id = a.engagement_id
    JOIN engagement_members m ON m.engagement_seq = e.seq;
CREATE FUNCTION member_associations_of_new_association() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO member_associations (catalog, account_id, association_seq)
        SELECT NEW.catalog, m.account_id, NEW.seq FROM engagements e JOIN engagement_members m ON m.engagement_seq = e.seq
        WHERE e.catalog = NEW.catalog AND e.id = NEW.engagement_id
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER tr_resource_associations_listed_to_members AFTER INSERT ON resource_associations
    FOR EACH ROW EXECUTE FUNCTION member_associations_of_new_association();
CREATE FUNCTION member_associations_of_new_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO member_associations (catalog, account_id, association_seq)
        SELECT NEW.catalog, NEW.account_id, a.seq FROM resource_associations a
        WHERE a.catalog = NEW.catalog AND a.engagement_id = NEW.engagement_id
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER tr_engagement_members_list_associations AFTER INSERT ON engagement_members
    FOR EACH ROW EXECUTE FUNCTION member_associations_of_new_member();
CREATE FUNCTION member_associations_of_gone_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM member_associations ma USING resource_associations a
        WHERE ma.catalog = OLD.catalog AND ma.account_id = OLD.account_id AND ma.association_seq = a.seq
          AND a.catalog = OLD.catalog AND a.engagement_id = OLD.engagement_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER tr_engagement_members_unlist_associations AFTER DELETE ON engagement_members
    FOR EACH ROW EXECUTE FUNCTION member_associations_of_gone_member();
