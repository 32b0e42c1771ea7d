-- The AWS Marketplace offer an opportunity is associated with (at most one: an offer or an offer set, never both, never
-- two), in a column of its own so AssociateOpportunity finds the owner's other opportunity with the same offer by one
-- index seek instead of reading every document of the owner's.
ALTER TABLE opportunities ADD COLUMN marketplace_offer TEXT;
UPDATE opportunities SET marketplace_offer = json_extract(doc, '$.RelatedEntityIdentifiers.AwsMarketplaceOffers[0]');
CREATE INDEX ix_opportunities_owner_offer ON opportunities (catalog, owner_account_id, marketplace_offer, number)
    WHERE marketplace_offer IS NOT NULL;
