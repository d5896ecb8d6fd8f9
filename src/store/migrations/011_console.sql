-- The management and committee web console: staff accounts with roles, their sign-in sessions, sign-in
-- attempts (lock-out), one-time sign-in codes sent on Telegram, and the holiday table staff edit (merged
-- with the profile's holidays; a change recomputes open deadlines).

-- The id is the staff id of the audit trail (`staff:<id>`): the same as the profile's staff id when the
-- person is listed there. Roles and categories live here so an administrator can change them at once.
CREATE TABLE staff_accounts (
  id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]*$'),
  display_name text NOT NULL,
  -- argon2id (PHC string); NULL when the person signs in by Telegram code only.
  password_hash text,
  roles text[] NOT NULL CHECK (cardinality(roles) > 0),
  categories text[] NOT NULL DEFAULT '{}',
  telegram_user_id bigint,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The cookie carries a random token; only its SHA-256 is stored, so a copy of this table signs no one in.
CREATE TABLE staff_sessions (
  token_hash text PRIMARY KEY,
  staff_id text NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
  -- Sent back by the page with every state-changing request (synchronizer token).
  csrf_token text NOT NULL,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- Every sign-in attempt, by the name typed (which may be no account) and the address it came from.
CREATE TABLE staff_login_attempts (
  id bigserial PRIMARY KEY,
  login text NOT NULL,
  ip text NOT NULL,
  method text NOT NULL CHECK (method IN ('password', 'code')),
  success boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_login_attempts_login ON staff_login_attempts (login, at);
CREATE INDEX staff_login_attempts_ip ON staff_login_attempts (ip, at);

-- One live sign-in code per person (a new request replaces it); only its hash is kept.
CREATE TABLE staff_login_codes (
  staff_id text PRIMARY KEY REFERENCES staff_accounts (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Holidays added from the console (Eid dates are announced each year); the profile's stay as they are.
CREATE TABLE holidays (
  id bigserial PRIMARY KEY,
  name_ar text NOT NULL,
  name_en text,
  from_date date NOT NULL,
  to_date date NOT NULL CHECK (to_date >= from_date),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
