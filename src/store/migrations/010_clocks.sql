-- Clocks: overdue flags and escalation levels on cases, and notifications to staff (delivered by the
-- staff console on Telegram; kept here so no alert is lost while it is offline).

ALTER TABLE service_requests ADD COLUMN overdue_since timestamptz;
ALTER TABLE service_requests ADD COLUMN escalation_level integer NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN escalation_level integer NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN overdue_since timestamptz;

CREATE TABLE staff_notifications (
  id bigserial PRIMARY KEY,
  -- A staff id from the profile, or a role (`role:committee`) when no one is named.
  recipient text NOT NULL,
  kind text NOT NULL,
  subject_type text,
  subject_id text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- One notification per cause: a timer firing twice cannot alert twice.
  dedupe_key text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX staff_notifications_pending ON staff_notifications (status, id) WHERE status = 'pending';

-- Surveys sent after closure: once per case.
CREATE TABLE survey_invitations (
  case_reference text PRIMARY KEY,
  beneficiary_id uuid REFERENCES beneficiaries (id) ON DELETE CASCADE,
  sent_at timestamptz NOT NULL DEFAULT now()
);

-- Timers requested inside a transaction (a case submitted, decided, closed): a dispatcher hands them
-- to BullMQ after commit, so a crash can neither lose a timer nor set one for a change that rolled back.
CREATE TABLE timer_requests (
  id bigserial PRIMARY KEY,
  job jsonb NOT NULL,
  -- NULL cancels the timer of this job.
  fire_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
