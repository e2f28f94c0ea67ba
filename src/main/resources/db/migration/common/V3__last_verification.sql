-- The result of the last check of the setup against its external service, as JSON text
-- ({"ok", "reason", "detail", "checked_at"}); NULL before the first check and after every change.
ALTER TABLE provider_setups ADD COLUMN last_verification TEXT;
