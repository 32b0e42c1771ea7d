-- From here a store may hold documents older builds cannot read: leads with free-text customer members, no Address or
-- no interaction source (model patch 007) and spend entries with Frequency None (patch 008). The version makes an older
-- build refuse this store at start-up (a newer schema) instead of failing on those reads.
--
-- The expiry sweep's index leaves out invitations to AWS, which never lapse (InvitationRecord.HasLapsed): in the AWS
-- catalog they stay pending for good, and the sweep every 5 s would otherwise walk all of them.
DROP INDEX ix_invitations_status_expiration;
CREATE INDEX ix_invitations_lapsing ON invitations (expiration_date, id) WHERE status = 'PENDING' AND receiver_account_id <> 'aws';
