-- ListEngagementInvitations as RECEIVER with Status PENDING (a CRM's poll for new invitations) seeks the receiver's
-- pending invitations, few at any time, instead of testing every invitation it ever received: in a five-minute soak the
-- statement grew from 1.4 to 10 ms as accepted and rejected ones piled up.
CREATE INDEX ix_invitations_receiver_pending ON invitations (catalog, receiver_account_id, invitation_date, id) WHERE status = 'PENDING';
