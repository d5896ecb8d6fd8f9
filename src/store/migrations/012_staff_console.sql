-- The staff console on Telegram (issue #5): which forum topic (or reply thread) of the staff group
-- carries each case, what the bot posted there and what staff wrote in it, reasons being asked for,
-- the console's own settings (the alerts topic), and staff acknowledgements of the policy.
--
-- New cases reach the console by polling for open cases without a row here: the row is written
-- before the topic is created and completed once the card is posted, so a restart neither loses a
-- case nor posts its card twice.

CREATE TABLE case_topics (
  reference text PRIMARY KEY,
  case_type text NOT NULL CHECK (case_type IN ('handoff', 'request', 'complaint', 'fieldHelp')),
  chat_id bigint NOT NULL,
  -- The forum topic (message_thread_id); NULL where the group has no topics (replies to the card instead).
  thread_id bigint,
  card_message_id bigint,
  -- opening: claimed for posting, card not yet sent; open: the card is up.
  state text NOT NULL DEFAULT 'opening' CHECK (state IN ('opening', 'open')),
  -- The case status the card shows: a change made elsewhere (web console, clocks, the person) refreshes it.
  card_status text,
  -- The staff id who claimed it on the console (a handoff also keeps it in handoffs.claimed_by).
  claimed_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX case_topics_thread ON case_topics (chat_id, thread_id) WHERE thread_id IS NOT NULL;
CREATE INDEX case_topics_opening ON case_topics (created_at) WHERE state = 'opening';

-- Telegram messages of the staff group tied to a case: what the bot posted (to find the case a reply
-- answers, where topics are off; to post each beneficiary message once) and what staff wrote (so a
-- redelivered update is relayed once).
CREATE TABLE staff_console_messages (
  chat_id bigint NOT NULL,
  message_id bigint NOT NULL,
  reference text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('posted', 'received')),
  handoff_message_id bigint UNIQUE REFERENCES handoff_messages (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX staff_console_messages_reference ON staff_console_messages (reference);

-- "Reply to this message with the reason": an action waiting for its reason (reject, ask for information…).
CREATE TABLE staff_console_prompts (
  chat_id bigint NOT NULL,
  message_id bigint NOT NULL,
  reference text NOT NULL,
  case_type text NOT NULL,
  action text NOT NULL,
  staff_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (chat_id, message_id)
);

-- Small settings of the console, e.g. the alerts topic of the group.
CREATE TABLE staff_console_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Staff read and sign the beneficiary-relationship policy (`/ack`): who, which version, when.
CREATE TABLE staff_policy_acks (
  staff_id text NOT NULL,
  policy_version text NOT NULL,
  telegram_user_id bigint,
  acknowledged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (staff_id, policy_version)
);
