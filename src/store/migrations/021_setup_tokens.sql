-- First-run setup links (issue #21): while no active administrator exists, each start prints a link
-- carrying a one-time token; opening it creates the first administrator in the browser. Only the token's
-- hash is kept; every token is deleted once an administrator exists.
CREATE TABLE setup_tokens (
  token_hash text PRIMARY KEY,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
