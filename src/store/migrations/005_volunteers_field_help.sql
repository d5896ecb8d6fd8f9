-- Who a volunteer sign-up or a field-help call goes to, and what a field-help call carries besides
-- a pin: a place described in words (no pin shared), the channel, and whether it is urgent (health).
ALTER TABLE volunteers ADD COLUMN routed_to text;
ALTER TABLE volunteers ADD COLUMN channel text;
ALTER TABLE field_help_requests ADD COLUMN routed_to text;
ALTER TABLE field_help_requests ADD COLUMN location_text text;
ALTER TABLE field_help_requests ADD COLUMN urgent boolean NOT NULL DEFAULT false;
ALTER TABLE field_help_requests ADD COLUMN channel text;
CREATE INDEX field_help_requests_open ON field_help_requests (status, urgent DESC, created_at)
  WHERE status = 'open';
