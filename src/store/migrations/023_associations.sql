-- Associations as tenants (issue 23). Every row of every table below belongs to one association, and
-- PostgreSQL itself keeps them apart: the app's work runs as the role `tawasul_app` with the association
-- set for its transaction (`tawasul.association_id`, see association-database.ts), and row-level
-- security shows and accepts only that association's rows. Without the setting, that role sees nothing.
-- The owner that runs migrations, backups and the platform's operator keeps full access (tables are not
-- FORCE'd): it never serves a beneficiary. The role and what it may touch are granted after every migration
-- run (app-role.ts), so tables added later and databases restored without privileges get them too.
--
-- An installation that existed before this migration becomes the association `default`, in place.

-- On a hosted platform: hosts, the host names routed to it (its web chat and console); profile, its profile
-- as the profile file would hold it (NULL: the installation's PROFILE_PATH); channels, which channels it
-- runs, without secrets; secrets, its channels with their tokens, and key, its encryption key, both sealed
-- with the platform's key. The app's role reads its own row's id, name and status only (app-role.ts).
CREATE TABLE associations (
  id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{0,39}$'),
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  hosts text[] NOT NULL DEFAULT '{}',
  profile jsonb,
  channels jsonb NOT NULL DEFAULT '{}'::jsonb,
  secrets text,
  key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO associations (id, name) VALUES ('default', 'default');

-- What the platform's operator did: created, suspended, resumed an association. No personal data; the
-- app's role may not read it (app-role.ts).
CREATE TABLE platform_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  association_id text REFERENCES associations (id),
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX platform_events_association ON platform_events (association_id, at);

DO $$
DECLARE
  t text;
BEGIN
  FOR t IN
    SELECT tablename FROM pg_tables
    WHERE schemaname = current_schema() AND tablename NOT IN ('schema_migrations', 'associations', 'platform_events')
  LOOP
    EXECUTE format(
      'ALTER TABLE %I ADD COLUMN association_id text NOT NULL DEFAULT ''default'' REFERENCES associations (id)', t);
    -- New rows belong to the association of the transaction; the owner's own writes (restore, CLI) to `default`.
    EXECUTE format(
      'ALTER TABLE %I ALTER COLUMN association_id SET DEFAULT '
      'coalesce(nullif(current_setting(''tawasul.association_id'', true), ''''), ''default'')', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY association_rows ON %I '
      'USING (association_id = current_setting(''tawasul.association_id'', true)) '
      'WITH CHECK (association_id = current_setting(''tawasul.association_id'', true))', t);
  END LOOP;
END $$;

-- What is unique per association: two associations may each know the same Telegram user, number or staff id.
ALTER TABLE channel_identities DROP CONSTRAINT channel_identities_pkey,
  ADD PRIMARY KEY (association_id, channel, channel_user_id);
ALTER TABLE conversations DROP CONSTRAINT conversations_channel_channel_user_id_key,
  ADD CONSTRAINT conversations_channel_user UNIQUE (association_id, channel, channel_user_id);
ALTER TABLE inbound_messages DROP CONSTRAINT inbound_messages_channel_channel_message_id_key,
  ADD CONSTRAINT inbound_messages_channel_message UNIQUE (association_id, channel, channel_message_id);
ALTER TABLE whatsapp_contacts DROP CONSTRAINT whatsapp_contacts_pkey, ADD PRIMARY KEY (association_id, chat_id);
ALTER TABLE delivery_reports DROP CONSTRAINT delivery_reports_pkey,
  ADD PRIMARY KEY (association_id, channel, platform_message_id);
ALTER TABLE staff_notifications DROP CONSTRAINT staff_notifications_dedupe_key_key,
  ADD CONSTRAINT staff_notifications_dedupe UNIQUE (association_id, dedupe_key);
ALTER TABLE staff_console_state DROP CONSTRAINT staff_console_state_pkey, ADD PRIMARY KEY (association_id, key);
ALTER TABLE staff_policy_acks DROP CONSTRAINT staff_policy_acks_pkey,
  ADD PRIMARY KEY (association_id, staff_id, policy_version);
ALTER TABLE staff_sessions DROP CONSTRAINT staff_sessions_staff_id_fkey;
ALTER TABLE staff_login_codes DROP CONSTRAINT staff_login_codes_staff_id_fkey,
  DROP CONSTRAINT staff_login_codes_pkey, ADD PRIMARY KEY (association_id, staff_id);
ALTER TABLE staff_accounts DROP CONSTRAINT staff_accounts_pkey, ADD PRIMARY KEY (association_id, id);
ALTER TABLE staff_sessions ADD FOREIGN KEY (association_id, staff_id)
  REFERENCES staff_accounts (association_id, id) ON DELETE CASCADE;
ALTER TABLE staff_login_codes ADD FOREIGN KEY (association_id, staff_id)
  REFERENCES staff_accounts (association_id, id) ON DELETE CASCADE;

ALTER TABLE associations ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_association ON associations USING (id = current_setting('tawasul.association_id', true));

-- The queues every association's runtime polls, indexed by association first: row-level security's
-- condition then reads that association's rows from the index, not every association's (one association's
-- backlog would otherwise slow every other's polls).
DROP INDEX inbound_pending;
CREATE INDEX inbound_pending ON inbound_messages (association_id, conversation_id, id) WHERE processed_at IS NULL;
DROP INDEX outbox_open;
CREATE INDEX outbox_open ON outbox (association_id, status, id) WHERE status IN ('pending', 'queued', 'sending');
DROP INDEX staff_notifications_pending;
CREATE INDEX staff_notifications_pending ON staff_notifications (association_id, status, id) WHERE status = 'pending';
CREATE INDEX timer_requests_association ON timer_requests (association_id, id);
