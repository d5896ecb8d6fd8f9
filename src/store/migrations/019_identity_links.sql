-- One person across channels, linked only by proof (issue #17).

-- Whether the mobile on file was vouched for: recorded by staff who spoke with the person (intake), as
-- opposed to typed by whoever holds a chat ("my data"). Only a vouched number, or a channel identity
-- whose platform gave the number (WhatsApp's `@c.us`, Telegram's own contact), may match a staff intake
-- to an existing person: a typed number must never hand one person's cases to another.
ALTER TABLE beneficiaries ADD COLUMN mobile_verified boolean NOT NULL DEFAULT false;
-- Until now a number reached `beneficiaries.mobile` in two ways: a staff intake, which records people who
-- have no chat identity yet, and a person's own correction in the chat. Only the first is vouched for.
UPDATE beneficiaries b SET mobile_verified = true
WHERE b.mobile IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM channel_identities i WHERE i.beneficiary_id = b.id);

-- A link code shown in one channel ("my data" → link another channel) and typed in another within its
-- time: typing it proves the same person holds both, and the second channel's person is merged into the
-- first. Only the code's hash is kept; it is used once.
CREATE TABLE link_codes (
  code_hash text PRIMARY KEY,
  beneficiary_id uuid NOT NULL REFERENCES beneficiaries (id) ON DELETE CASCADE,
  channel text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX link_codes_beneficiary ON link_codes (beneficiary_id);
