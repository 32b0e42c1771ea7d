-- An instance of a build before migration 13, still running when a newer one migrated the store (upgrade24), writes
-- ClientToken records without replays_until, which is NOT NULL: each of its requests with a ClientToken failed. When it
-- replaces a lapsed record it leaves the lapsed replays_until, so the token would not replay. Such records get the
-- lifetime those builds kept by default, 24 hours from created_at, the value migration 13 gave the records it found.
-- Migration 13 now makes the same function and triggers in its own commit (mixed25: the 500s lasted until this one
-- committed); here they are made, or made again, for stores migrated to 13 before.
CREATE OR REPLACE FUNCTION idempotency_lifetime_of_older_builds() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.replays_until := NEW.created_at + 864000000000;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS tr_idempotency_inserted_by_older_builds ON idempotency;
CREATE TRIGGER tr_idempotency_inserted_by_older_builds BEFORE INSERT ON idempotency
    FOR EACH ROW WHEN (NEW.replays_until IS NULL) EXECUTE FUNCTION idempotency_lifetime_of_older_builds();
-- A newer build sets both columns, and the new replays_until never equals the old one to the tick in practice.
DROP TRIGGER IF EXISTS tr_idempotency_replaced_by_older_builds ON idempotency;
CREATE TRIGGER tr_idempotency_replaced_by_older_builds BEFORE UPDATE ON idempotency
    FOR EACH ROW WHEN (NEW.created_at <> OLD.created_at AND NEW.replays_until = OLD.replays_until)
    EXECUTE FUNCTION idempotency_lifetime_of_older_builds();
