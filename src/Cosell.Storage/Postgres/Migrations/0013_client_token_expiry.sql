-- A ClientToken's record keeps the lifetime of the instance that wrote it (--client-token-hours). Before, every instance
-- judged and swept every record by its own lifetime, so on a store shared by instances with different lifetimes the
-- shortest one deleted records the others still promised to replay, and a retry created a second resource.
-- Records written before this migration get the default lifetime, 24 hours.
ALTER TABLE idempotency ADD COLUMN replays_until BIGINT;
UPDATE idempotency SET replays_until = created_at + 864000000000;
ALTER TABLE idempotency ALTER COLUMN replays_until SET NOT NULL;
DROP INDEX ix_idempotency_created;
CREATE INDEX ix_idempotency_replays_until ON idempotency (replays_until);
