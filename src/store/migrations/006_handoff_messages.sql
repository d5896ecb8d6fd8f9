-- Conversations with a person (handoffs): who a handoff is routed to, who closed it, and what the
-- beneficiary wrote while it was open. The bot stays quiet during a handoff, so every message lands
-- here for staff to read (and, with issue #5, staff replies too), in order.

-- The staff member the handoff was routed to (profile staff id; NULL = the staff group at large) and by
-- which rule: the category's liaison officer, a volunteer as fallback, or unassigned.
ALTER TABLE handoffs ADD COLUMN routed_to text;
ALTER TABLE handoffs ADD COLUMN routing text NOT NULL DEFAULT 'unassigned'
  CHECK (routing IN ('liaison', 'volunteer', 'unassigned'));
-- `beneficiary` when the person ended it from the chat, `staff:<id>` when staff closed it.
ALTER TABLE handoffs ADD COLUMN closed_by text;

CREATE TABLE handoff_messages (
  id bigserial PRIMARY KEY,
  handoff_id uuid NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
  author text NOT NULL DEFAULT 'beneficiary' CHECK (author IN ('beneficiary', 'staff')),
  body text NOT NULL DEFAULT '',
  -- Files as the inbound message carried them: references into the document store, never bytes.
  media jsonb NOT NULL DEFAULT '[]'::jsonb,
  location jsonb,
  channel text NOT NULL,
  channel_message_id text,
  -- Written outside working hours: the person was told when staff are back.
  out_of_hours boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX handoff_messages_handoff ON handoff_messages (handoff_id, id);
