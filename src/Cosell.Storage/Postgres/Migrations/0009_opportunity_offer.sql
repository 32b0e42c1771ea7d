-- As SQLite's 0009_opportunity_offer.sql: the opportunity's AWS Marketplace offer (at most one) in a column of its own,
-- indexed per owner, so AssociateOpportunity finds another opportunity with the same offer without parsing documents.
ALTER TABLE opportunities ADD COLUMN marketplace_offer text COLLATE "C";
UPDATE opportunities SET marketplace_offer = doc::jsonb #>> '{RelatedEntityIdentifiers,AwsMarketplaceOffers,0}';
CREATE INDEX ix_opportunities_owner_offer ON opportunities (catalog, owner_account_id, marketplace_offer, number)
    WHERE marketplace_offer IS NOT NULL;
