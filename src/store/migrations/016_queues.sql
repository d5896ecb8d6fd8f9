-- Queues for every promise the bot makes (issue #16): field-help calls someone claims and finishes,
-- volunteer sign-ups the coordinator moves through their statuses, and data-rights requests an
-- administrator approves or refuses, and whose erasure tells the person once before it runs.

-- Field help: open → claimed → done. Who claimed it and when, when it was done and the staff's note
-- (internal: never sent to the person, erased with the call's other free text).
ALTER TABLE field_help_requests ADD COLUMN claimed_by text;
ALTER TABLE field_help_requests ADD COLUMN claimed_at timestamptz;
ALTER TABLE field_help_requests ADD COLUMN done_at timestamptz;
ALTER TABLE field_help_requests ADD COLUMN done_note text;
-- The staff bot used to close a call as `closed`; the queue calls that state `done`.
UPDATE field_help_requests SET status = 'done' WHERE status = 'closed';
ALTER TABLE field_help_requests
  ADD CONSTRAINT field_help_requests_status CHECK (status IN ('open', 'claimed', 'done'));
CREATE INDEX field_help_requests_queue ON field_help_requests (status, created_at);

-- Volunteer sign-ups: new → contacted → accepted | declined (accepted or declined straight from new
-- too). The last change, who made it and the coordinator's note (internal).
ALTER TABLE volunteers ADD COLUMN status_changed_at timestamptz;
ALTER TABLE volunteers ADD COLUMN status_changed_by text;
ALTER TABLE volunteers ADD COLUMN status_note text;
ALTER TABLE volunteers
  ADD CONSTRAINT volunteers_status CHECK (status IN ('new', 'contacted', 'accepted', 'declined'));
CREATE INDEX volunteers_queue ON volunteers (status, created_at);

-- Data requests: who decided (approved early or refused) and why it was refused; and the notice that
-- the erasure is under way, queued once (`notice_queued_at`) in the outbox rows `notice_outbox_ids`,
-- which the erasure waits for before it deletes the person's conversations (and with them the outbox).
ALTER TABLE data_requests ADD COLUMN decided_by text;
ALTER TABLE data_requests ADD COLUMN refusal_reason text;
ALTER TABLE data_requests ADD COLUMN notice_queued_at timestamptz;
ALTER TABLE data_requests ADD COLUMN notice_outbox_ids bigint[] NOT NULL DEFAULT '{}';
CREATE INDEX data_requests_queue ON data_requests (status, due_date);
