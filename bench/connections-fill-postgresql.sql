-- The connections of bench/connections-scale.sh, generated on PostgreSQL: run on a database that Patchbay
-- has migrated, with a few connections imported through the API (their sealed tokens are copied):
--   psql -d DB -v count=1000000 -f bench/connections-fill-postgresql.sql
-- Then ANALYZE, as autovacuum would soon after such an insert.
CREATE TEMP TABLE sample AS
  SELECT provider_slug, access_token, refresh_token, row_number() OVER (ORDER BY provider_slug) - 1 AS i
  FROM connections WHERE access_token IS NOT NULL;
INSERT INTO connections (id, provider_slug, owner, status, auth_type, tags, scopes, token_type, expires_at,
    last_refreshed_at, last_error_code, last_error_at, created_at, updated_at, revision, created_by,
    connection_values, access_token, refresh_token, credential)
SELECT substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-7' || lpad(to_hex(n % 4096), 3, '0') || '-'
         || to_hex(8 + n % 4) || lpad(to_hex(n % 4093), 3, '0') || '-' || lpad(to_hex(n * 7919), 12, '0'),
       s.provider_slug, 'user-' || (n % 100000),
       CASE n % 50 WHEN 0 THEN 'needs_reauth' WHEN 1 THEN 'disconnected' ELSE 'active' END,
       'oauth2',
       '{"space_id":"space-' || (n % 10000) || '","plan":"' || (ARRAY['free','pro','enterprise'])[1 + n % 3] || '"}',
       '["read"]', 'Bearer', '2099-01-01T00:00:00Z', NULL,
       CASE n % 50 WHEN 0 THEN 'invalid_grant' END, CASE n % 50 WHEN 0 THEN at END,
       at, at, 1, 'bench', '{}',
       CASE WHEN n % 50 <> 1 THEN s.access_token END, CASE WHEN n % 50 <> 1 THEN s.refresh_token END, NULL
FROM (SELECT n, lpad(to_hex(1700000000000 + n), 12, '0') AS t,
             to_char(to_timestamp((1700000000000 + n) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
      FROM generate_series(0::bigint, :count - 1) n) g
JOIN sample s ON s.i = g.n % (SELECT COUNT(*) FROM sample);
INSERT INTO connection_tags (connection_id, tag_key, tag_value)
  SELECT id, 'space_id', tags::json ->> 'space_id' FROM connections WHERE created_by = 'bench';
INSERT INTO connection_tags (connection_id, tag_key, tag_value)
  SELECT id, 'plan', tags::json ->> 'plan' FROM connections WHERE created_by = 'bench';
INSERT INTO audit_events (occurred_at, action, provider_slug, actor, request_id, revision, changed_fields, connection_id)
  SELECT created_at, 'connection.created', provider_slug, 'bench', 'bench-' || id, 1,
         '["owner","tags","scopes","credential"]', id FROM connections WHERE created_by = 'bench';
ANALYZE;
