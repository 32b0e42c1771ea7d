-- A ClientToken's record keeps the lifetime of the instance that wrote it (--client-token-hours). Before, every instance
-- judged and swept every record by its own lifetime, so on a store shared by instances with different lifetimes the
-- shortest one deleted records the others still promised to replay, and a retry created a second resource.
-- Records written before this migration get the default lifetime, 24 hours.
ALTER TABLE idempotency ADD COLUMN replays_until BIGINT;
UPDATE idempotency SET replays_until = created_at + 864000000000;
ALTER TABLE idempotency ALTER COLUMN replays_until SET NOT NULL;
DROP INDEX ix_idempotency_created;
CREATE INDEX ix_idempotency_replays_until ON idempotency (replays_until);
-- Added with migration 15, for stores that reach 13 after it: in the same commit as NOT NULL, so that an instance of an
-- older build still running (it names no replays_until) never meets the column without the trigger that fills it. Its
-- records get the default lifetime too. Migration 15 makes the same for stores migrated before.
CREATE FUNCTION idempotency_lifetime_of_older_builds() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.replays_until := NEW.created_at + 864000000000;
    RETURN NEW;
END
$$;
CREATE TRIGGER tr_idempotency_inserted_by_older_builds BEFORE INSERT ON idempotency
    FOR EACH ROW WHEN (NEW.replays_until IS NULL) EXECUTE FUNCTION idempotency_lifetime_of_older_builds();
CREATE TRIGGER tr_idempotency_replaced_by_older_builds BEFORE UPDATE ON idempotency
    FOR EACH ROW WHEN (NEW.created_at <> OLD.created_at AND NEW.replays_until = OLD.replays_until)
    EXECUTE FUNCTION idempotency_lifetime_of_older_builds();
