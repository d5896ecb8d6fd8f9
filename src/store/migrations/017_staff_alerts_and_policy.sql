-- Issue 16: staff alerts read in the web console, and a case's own messages (need to know).

-- Every staff alert is readable in the console (Telegram is an optional second place): who read which
-- alert, when. An alert to a role (`role:committee`) is read or unread for each member separately.
CREATE TABLE staff_alert_reads (
  notification_id bigint NOT NULL REFERENCES staff_notifications (id) ON DELETE CASCADE,
  staff_id text NOT NULL,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (notification_id, staff_id)
);
CREATE INDEX staff_alert_reads_staff ON staff_alert_reads (staff_id, notification_id);
CREATE INDEX staff_notifications_recipient ON staff_notifications (recipient, id);

-- `status` says where the Telegram copy stands. `skipped`: the staff bot found the alert older than its
-- delivery window (Telegram configured long after, or down for days): it stays in the console only,
-- rather than a backlog of stale alerts flooding the group ahead of fresh ones.
ALTER TABLE staff_notifications DROP CONSTRAINT staff_notifications_status_check;
ALTER TABLE staff_notifications ADD CONSTRAINT staff_notifications_status_check
  CHECK (status IN ('pending', 'sent', 'failed', 'skipped'));

-- The flow the conversation was in when each message was processed: a case page shows the messages of
-- the flow run that made the case, not the person's whole history (docs/console.md, need to know).
ALTER TABLE inbound_messages ADD COLUMN flow_id text;
-- A conversation's messages in order (the flow run back from a case's message; a person's history).
CREATE INDEX inbound_messages_conversation ON inbound_messages (conversation_id, id);
