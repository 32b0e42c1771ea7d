-- As SQLite's 0011_pending_received.sql: a receiver's pending invitations have an index of their own.
CREATE INDEX ix_invitations_receiver_pending ON invitations (catalog, receiver_account_id, invitation_date, id) WHERE status = 'PENDING';
