-- Web chat deliveries are keyed by the send's idempotency key and a part number: a long reply is
-- stored as several messages, and a resend of any of them (after a crash) is still a no-op. The
-- outbox id stays for the join that tells which visitor message a reply answers.
ALTER TABLE webchat_deliveries ADD COLUMN delivery_key text;
UPDATE webchat_deliveries SET delivery_key = 'outbox-' || outbox_id;
ALTER TABLE webchat_deliveries ALTER COLUMN delivery_key SET NOT NULL;
ALTER TABLE webchat_deliveries ADD COLUMN part integer NOT NULL DEFAULT 0;
ALTER TABLE webchat_deliveries ALTER COLUMN outbox_id DROP NOT NULL;
ALTER TABLE webchat_deliveries DROP CONSTRAINT IF EXISTS webchat_deliveries_outbox_id_key;
ALTER TABLE webchat_deliveries ADD CONSTRAINT webchat_deliveries_key_part UNIQUE (delivery_key, part);
