-- ListEngagementResourceAssociations without an engagement or a resource joined every membership of the caller to its
-- engagement's associations and sorted them, on every page: 94-205 ms a page at 102,084 memberships, and paging
-- through 19,000 associations took 21 s (scale26). One row per (member, association) the caller can be shown, in
-- association order, makes a page one range of an index. Only triggers write it, so every build keeps it: an
-- association made lists the engagement's members then, a member who joins lists the engagement's associations, one
-- who leaves is taken off (every build rewrites an engagement's member rows when it changes the engagement).
CREATE TABLE member_associations (
    catalog         TEXT    NOT NULL,
    account_id      TEXT    NOT NULL,
    association_seq INTEGER NOT NULL REFERENCES resource_associations (seq) ON DELETE CASCADE,
    PRIMARY KEY (catalog, account_id, association_seq)
) WITHOUT ROWID;
INSERT INTO member_associations (catalog, account_id, association_seq)
    SELECT a.catalog, m.account_id, a.seq FROM resource_associations a
    JOIN engagements e ON e.catalog = a.catalog AND e.id = a.engagement_id
    JOIN engagement_members m ON m.engagement_seq = e.seq;
CREATE TRIGGER tr_resource_associations_listed_to_members AFTER INSERT ON resource_associations
BEGIN
    INSERT OR IGNORE INTO member_associations (catalog, account_id, association_seq)
        SELECT NEW.catalog, m.account_id, NEW.seq FROM engagements e JOIN engagement_members m ON m.engagement_seq = e.seq
        WHERE e.catalog = NEW.catalog AND e.id = NEW.engagement_id;
END;
CREATE TRIGGER tr_engagement_members_list_associations AFTER INSERT ON engagement_members
BEGIN
    INSERT OR IGNORE INTO member_associations (catalog, account_id, association_seq)
        SELECT NEW.catalog, NEW.account_id, a.seq FROM resource_associations a
        WHERE a.catalog = NEW.catalog AND a.engagement_id = NEW.engagement_id;
END;
CREATE TRIGGER tr_engagement_members_unlist_associations AFTER DELETE ON engagement_members
BEGIN
    DELETE FROM member_associations WHERE catalog = OLD.catalog AND account_id = OLD.account_id
        AND association_seq IN (SELECT a.seq FROM resource_associations a
                                WHERE a.catalog = OLD.catalog AND a.engagement_id = OLD.engagement_id);
END;
