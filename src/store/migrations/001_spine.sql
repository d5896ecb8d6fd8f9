-- The message spine: people, their channel identities, conversations, inbound log, outbox, consents, audit.

CREATE TABLE beneficiaries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  preferred_lang text CHECK (preferred_lang IN ('ar', 'en')),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One person, many channel identities. channel_user_id is opaque (WhatsApp @lid, Telegram id, web session).
CREATE TABLE channel_identities (
  channel text NOT NULL,
  channel_user_id text NOT NULL,
  beneficiary_id uuid NOT NULL REFERENCES beneficiaries (id) ON DELETE CASCADE,
  phone text,
  display_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, channel_user_id)
);
CREATE INDEX channel_identities_beneficiary ON channel_identities (beneficiary_id);

-- One conversation per channel identity; its row lock serialises processing across app processes.
CREATE TABLE conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  beneficiary_id uuid NOT NULL REFERENCES beneficiaries (id) ON DELETE CASCADE,
  channel text NOT NULL,
  channel_user_id text NOT NULL,
  snapshot jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel, channel_user_id)
);

-- Every accepted inbound message, durably, before anything is done with it. Duplicates are dropped
-- by (channel, channel_message_id); the serial id is the processing order within a conversation.
CREATE TABLE inbound_messages (
  id bigserial PRIMARY KEY,
  channel text NOT NULL,
  channel_message_id text NOT NULL,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  outcome text CHECK (outcome IN ('processed', 'failed')),
  UNIQUE (channel, channel_message_id)
);
CREATE INDEX inbound_pending ON inbound_messages (conversation_id, id) WHERE processed_at IS NULL;

-- Outgoing messages, written in the same transaction as the snapshot that produced them.
-- pending → queued → sending → sent | failed | uncertain (crashed mid-send on a channel that cannot dedupe).
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  channel text NOT NULL,
  recipient text NOT NULL,
  inbound_id bigint REFERENCES inbound_messages (id) ON DELETE SET NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'queued', 'sending', 'sent', 'failed', 'uncertain')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  platform_message_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX outbox_open ON outbox (status, id) WHERE status IN ('pending', 'queued', 'sending');
CREATE INDEX outbox_conversation ON outbox (conversation_id, id);

CREATE TABLE consents (
  id bigserial PRIMARY KEY,
  beneficiary_id uuid NOT NULL REFERENCES beneficiaries (id) ON DELETE CASCADE,
  purpose text NOT NULL,
  version text NOT NULL,
  granted boolean NOT NULL,
  channel text NOT NULL,
  channel_message_id text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consents_beneficiary ON consents (beneficiary_id, purpose, recorded_at);

-- Append-only audit trail: who did what, when, why.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX events_subject ON events (subject_type, subject_id, at);

-- Web chat deliveries: a send is an insert keyed by the outbox id, so a resend after a crash is a no-op.
CREATE TABLE webchat_deliveries (
  seq bigserial PRIMARY KEY,
  outbox_id bigint NOT NULL UNIQUE,
  session_id text NOT NULL,
  payload jsonb NOT NULL,
  delivered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webchat_deliveries_session ON webchat_deliveries (session_id, seq);
