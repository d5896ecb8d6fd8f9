-- Asking the applicant for more information (issue 5) and the reminders while it is missing (issue 6).
-- What the committee asked for, while the request waits for it: {fields, documents, reason, askedAt, askedBy,
-- workingDaysLeft, reminders}. Cleared when the information arrives (the audit trail keeps every round).
ALTER TABLE service_requests ADD COLUMN info_request jsonb;
-- The committee's clock: the due date is `clock_working_days` working days after `clock_started_at`. Null
-- until information was asked for once: then it is the completion time and the service's decision days.
ALTER TABLE service_requests ADD COLUMN clock_started_at timestamptz;
ALTER TABLE service_requests ADD COLUMN clock_working_days integer;

-- A draft gathering its documents is reminded more than once: how many reminders since its last message.
ALTER TABLE conversations ADD COLUMN reminders_sent integer NOT NULL DEFAULT 0;

-- The items a staff member ticked under the bot's "what is missing?" question, before typing the reason.
ALTER TABLE staff_console_prompts ADD COLUMN missing jsonb NOT NULL DEFAULT '[]'::jsonb;
