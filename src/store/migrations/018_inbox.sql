-- The web console as the staff inbox (issue #16): a handoff is answered from the console or from
-- Telegram through one service, so the transcript says who wrote each staff line and where, notes for
-- colleagues sit beside the conversation without ever reaching the person, and the console can see at
-- a glance whether anything changed since it last looked.

-- `note`: written for colleagues, never relayed to the person.
ALTER TABLE handoff_messages DROP CONSTRAINT IF EXISTS handoff_messages_author_check;
ALTER TABLE handoff_messages ADD CONSTRAINT handoff_messages_author_check
  CHECK (author IN ('beneficiary', 'staff', 'note'));
-- The staff member who wrote a staff line or a note, and where: `telegram` (the staff group's topic) or
-- `console`. The staff bot posts console lines in the topic so the group reads the whole conversation.
ALTER TABLE handoff_messages ADD COLUMN staff_id text;
ALTER TABLE handoff_messages ADD COLUMN origin text CHECK (origin IN ('telegram', 'console'));
-- One row per staff message, whichever way it arrives twice (a Telegram update delivered again, a
-- console form sent twice): `channel_message_id` carries the sender's own id for it.
CREATE UNIQUE INDEX handoff_messages_staff_once ON handoff_messages (handoff_id, channel_message_id)
  WHERE author <> 'beneficiary';

-- Every change to a handoff (opened, claimed, transferred, closed) takes the next number of this
-- sequence; with the transcript's own ids it tells the console's live view that something changed.
CREATE SEQUENCE handoff_changes;
ALTER TABLE handoffs ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('handoff_changes');
CREATE INDEX handoffs_change_seq ON handoffs (change_seq);
CREATE INDEX handoffs_open ON handoffs (status, created_at) WHERE status <> 'closed';
