-- Replies still on their way, per conversation (issue 22): every send first asks whether an earlier reply
-- of the same conversation is unsent (order per conversation). Through outbox_conversation that read
-- every earlier row of the conversation, sent ones included; through outbox_open every open row of all
-- conversations. This index holds only open rows, by conversation: the question reads what it asks about.
CREATE INDEX outbox_open_by_conversation ON outbox (conversation_id, id)
  WHERE status IN ('pending', 'queued', 'sending');
