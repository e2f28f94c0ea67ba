-- A page of one provider's connections is read in id order from an index and stops after the page,
-- instead of sorting every connection of the provider first (with 1,000,000 connections on SQLite,
-- half a second a page). The counts per provider and status read the second index alone, as before.
CREATE INDEX connections_by_provider ON connections (provider_slug, id);
DROP INDEX connections_by_provider_status;
CREATE INDEX connections_by_provider_status ON connections (provider_slug, status, id);
