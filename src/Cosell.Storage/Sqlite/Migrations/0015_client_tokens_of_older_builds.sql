-- An instance of a build before migration 13 that takes no folder lock (before 4dceae3), still running when a newer one
-- migrated the store (upgrade24), writes ClientToken records without replays_until: the column's default, 0, reads as
-- lapsed, so a retry ran as a new request. When it replaces a lapsed record it leaves the lapsed replays_until. Such
-- records get the lifetime those builds kept by default, 24 hours from created_at, the value migration 13 gave the
-- records it found: those written since 13 here, later ones by the triggers. Migration 13 now makes the same triggers in
-- its own commit; here they are made for stores migrated to 13 before.
UPDATE idempotency SET replays_until = created_at + 864000000000 WHERE replays_until = 0;
CREATE TRIGGER IF NOT EXISTS tr_idempotency_inserted_by_older_builds AFTER INSERT ON idempotency
    WHEN NEW.replays_until = 0
BEGIN
    UPDATE idempotency SET replays_until = NEW.created_at + 864000000000 WHERE rowid = NEW.rowid;
END;
-- A newer build sets both columns, and the new replays_until never equals the old one to the tick in practice.
CREATE TRIGGER IF NOT EXISTS tr_idempotency_replaced_by_older_builds AFTER UPDATE OF created_at ON idempotency
    WHEN NEW.created_at <> OLD.created_at AND NEW.replays_until = OLD.replays_until
BEGIN
    UPDATE idempotency SET replays_until = NEW.created_at + 864000000000 WHERE rowid = NEW.rowid;
END;
