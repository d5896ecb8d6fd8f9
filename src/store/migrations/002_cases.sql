-- Cases a beneficiary opens from the chat: service requests with their documents and declaration,
-- complaints / suggestions / compensation claims, survey answers, handoffs to a person,
-- data-rights requests (PDPL), volunteer sign-ups and field-help calls.

CREATE TABLE service_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  beneficiary_id uuid REFERENCES beneficiaries (id) ON DELETE SET NULL,
  service_id text NOT NULL,
  category_id text NOT NULL,
  -- draft → submitted → under_review → needs_info ↔ under_review → approved | rejected → delivered → closed
  status text NOT NULL DEFAULT 'submitted',
  fields jsonb NOT NULL,
  channel text NOT NULL,
  -- The applicant's declaration: text version, time, channel, message id and a hash of the data.
  declaration jsonb NOT NULL,
  completed_at timestamptz NOT NULL,
  due_date date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_requests_beneficiary ON service_requests (beneficiary_id, created_at);
CREATE INDEX service_requests_open ON service_requests (status, due_date);

CREATE TABLE request_documents (
  id bigserial PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
  document_id text NOT NULL,
  ref text NOT NULL,
  sha256 text NOT NULL,
  mime_type text NOT NULL,
  size_bytes integer NOT NULL,
  file_name text,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_documents_request ON request_documents (request_id);

CREATE TABLE complaints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  -- NULL for an anonymous suggestion.
  beneficiary_id uuid REFERENCES beneficiaries (id) ON DELETE SET NULL,
  kind text NOT NULL CHECK (kind IN ('complaint', 'suggestion', 'compensation')),
  category_id text,
  description text NOT NULL,
  attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- follow-up committee, or the investigation committee for compensation claims
  routed_to text NOT NULL,
  -- open → assigned → resolved → closed, or escalated
  status text NOT NULL DEFAULT 'open',
  channel text NOT NULL,
  due_date date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX complaints_beneficiary ON complaints (beneficiary_id, created_at);

CREATE TABLE survey_responses (
  id bigserial PRIMARY KEY,
  beneficiary_id uuid REFERENCES beneficiaries (id) ON DELETE SET NULL,
  -- The case it is about (a request or complaint reference), when there is one.
  case_reference text,
  answers jsonb NOT NULL,
  channel text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX survey_responses_once_per_case ON survey_responses (case_reference) WHERE case_reference IS NOT NULL;

CREATE TABLE handoffs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  beneficiary_id uuid NOT NULL REFERENCES beneficiaries (id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  category_id text,
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'closed')),
  claimed_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE UNIQUE INDEX handoffs_one_open ON handoffs (conversation_id) WHERE status <> 'closed';

CREATE TABLE data_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  beneficiary_id uuid REFERENCES beneficiaries (id) ON DELETE SET NULL,
  kind text NOT NULL CHECK (kind IN ('deletion', 'correction')),
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'refused')),
  -- PDPL: answer within 30 days.
  due_date date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);

CREATE TABLE volunteers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  beneficiary_id uuid REFERENCES beneficiaries (id) ON DELETE SET NULL,
  full_name text NOT NULL,
  mobile text NOT NULL,
  city text NOT NULL,
  availability text NOT NULL,
  skills text NOT NULL,
  status text NOT NULL DEFAULT 'new',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE field_help_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  beneficiary_id uuid REFERENCES beneficiaries (id) ON DELETE SET NULL,
  help_kind text NOT NULL,
  details text,
  latitude double precision,
  longitude double precision,
  status text NOT NULL DEFAULT 'open',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Contact details the person gave (name, mobile), kept with the person, not the channel identity.
ALTER TABLE beneficiaries ADD COLUMN full_name text;
ALTER TABLE beneficiaries ADD COLUMN mobile text;
ALTER TABLE beneficiaries ADD COLUMN category_id text;
