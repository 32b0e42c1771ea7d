-- A ClientToken's record keeps the lifetime of the instance that wrote it (--client-token-hours). Before, every instance
-- judged and swept every record by its own lifetime, so on a store shared by instances with different lifetimes the
-- shortest one deleted records the others still promised to replay, and a retry created a second resource.
-- Records written before this migration get the default lifetime, 24 hours.
ALTER TABLE idempotency ADD COLUMN replays_until INTEGER NOT NULL DEFAULT 0;
UPDATE idempotency SET replays_until = created_at + 864000000000;
DROP INDEX ix_idempotency_created;
CREATE INDEX ix_idempotency_replays_until ON idempotency (replays_until);
-- Added with migration 15, for stores that reach 13 after it: in the same commit as the column, so that an instance of
-- an older build still running (one that takes no folder lock; it names no replays_until) never writes a record read as
-- lapsed. Its records get the default lifetime too. Migration 15 makes the same for stores migrated before.
CREATE TRIGGER tr_idempotency_inserted_by_older_builds AFTER INSERT ON idempotency
    WHEN NEW.replays_until = 0
BEGIN
    UPDATE idempotency SET replays_until = NEW.created_at + 864000000000 WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER tr_idempotency_replaced_by_older_builds AFTER UPDATE OF created_at ON idempotency
    WHEN NEW.created_at <> OLD.created_at AND NEW.replays_until = OLD.replays_until
BEGIN
    UPDATE idempotency SET replays_until = NEW.created_at + 864000000000 WHERE rowid = NEW.rowid;
END;
