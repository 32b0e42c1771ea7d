-- As SQLite's 0009_opportunity_offer.sql: the opportunity's AWS Marketplace offer (at most one) in a column of its own,
-- indexed per owner, so AssociateOpportunity finds another opportunity with the same offer without parsing documents.
ALTER TABLE opportunities ADD COLUMN marketplace_offer text COLLATE "C";
-- jsonb refuses the escape \u0000, which documents hold for free text the model allows U+0000 in; turning each such
-- escape into \u0001 keeps every document valid JSON with its structure unchanged (an offer ARN holds neither).
UPDATE opportunities SET marketplace_offer =
    replace(doc, E'\\u0000', E'\\u0001')::jsonb #>> '{RelatedEntityIdentifiers,AwsMarketplaceOffers,0}';
CREATE INDEX ix_opportunities_owner_offer ON opportunities (catalog, owner_account_id, marketplace_offer, number)
    WHERE marketplace_offer IS NOT NULL;
