-- WhatsApp Cloud API (issue 20): the 24-hour window per person, and what the platform reports about
-- each message we sent (sent, delivered, read, failed).

-- Meta said the window was closed (error 131047) at this time, whatever our last inbound says; and when
-- we last sent the re-open template, so a person is asked at most once a day.
ALTER TABLE whatsapp_contacts
  ADD COLUMN window_closed_at timestamptz,
  ADD COLUMN reopen_asked_at timestamptz;

-- Where a sent message stands on the person's phone, from the platform's status reports.
ALTER TABLE outbox
  ADD COLUMN delivery_status text CHECK (delivery_status IN ('sent', 'delivered', 'read', 'failed')),
  ADD COLUMN delivery_updated_at timestamptz;
CREATE INDEX outbox_platform_message ON outbox (channel, platform_message_id)
  WHERE platform_message_id IS NOT NULL;

-- A status may arrive before the send call that produced the message id returns (and so before the
-- outbox row knows its id): reports wait here until their row is marked sent, then are applied once.
CREATE TABLE delivery_reports (
  channel text NOT NULL,
  platform_message_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('sent', 'delivered', 'read', 'failed')),
  error text,
  outcome text CHECK (outcome IN ('retry', 'template', 'give-up')),
  retry_after_ms integer,
  reported_at timestamptz NOT NULL,
  applied_at timestamptz,
  PRIMARY KEY (channel, platform_message_id)
);
CREATE INDEX delivery_reports_unapplied ON delivery_reports (reported_at) WHERE applied_at IS NULL;
