-- No table changes. From here a store may hold documents older builds cannot read: leads with free-text customer
-- members, no Address or no interaction source (model patch 007) and spend entries with Frequency None (patch 008).
-- The version makes an older build refuse this store at start-up (a newer schema) instead of failing on those reads.
SELECT 1;
