import type { SqlExecutor } from '../../src/store/database';

/**
 * A fortnight of cases with known times, decisions and survey answers, and the figures management
 * must read from them (each computed by hand in the comments).
 */
export async function seed(db: SqlExecutor): Promise<void> {
  const request = (
    ref: string,
    service: string,
    channel: string,
    status: string,
    completed: string,
    due: string,
    level = 0,
  ) =>
    db.query(
      `INSERT INTO service_requests (reference, service_id, category_id, status, fields, channel, declaration, completed_at, due_date, created_at, escalation_level)
       VALUES ($1, $2, 'families', $3, '{}', $4, '{"hash": "x"}', $5, $6, $5, $7)`,
      [ref, service, status, channel, completed, due, level],
    );
  const complaint = (
    ref: string,
    kind: string,
    category: string | null,
    channel: string,
    status: string,
    created: string,
    due: string,
    level = 0,
  ) =>
    db.query(
      `INSERT INTO complaints (reference, kind, category_id, description, routed_to, status, channel, due_date, created_at, escalation_level)
       VALUES ($1, $2, $3, 'x', 'follow-up-committee', $4, $5, $6, $7, $8)`,
      [ref, kind, category, status, channel, due, created, level],
    );
  const event = (type: string, subject: string, ref: string, actor: string, at: string) =>
    db.query('INSERT INTO events (subject_type, subject_id, type, actor, at) VALUES ($1, $2, $3, $4, $5)', [
      subject,
      ref,
      type,
      actor,
      at,
    ]);

  // R1: answered 2 h after completion, approved after 24 h, on time.
  await request('REQ-2001-01', 'food-basket', 'whatsapp', 'approved', '2025-05-04T06:00:00Z', '2025-05-20');
  await event('request.submitted', 'service_request', 'REQ-2001-01', 'beneficiary:x', '2025-05-04T06:00:00Z');
  await event(
    'request.startReview',
    'service_request',
    'REQ-2001-01',
    'staff:t-liaison',
    '2025-05-04T08:00:00Z',
  );
  await event(
    'request.approve',
    'service_request',
    'REQ-2001-01',
    'staff:t-committee',
    '2025-05-05T06:00:00Z',
  );
  // R2: answered after 4 h, rejected after 96 h, two days late.
  await request('REQ-2002-02', 'rent-aid', 'phone', 'rejected', '2025-05-04T06:00:00Z', '2025-05-06');
  await event(
    'request.submitted',
    'service_request',
    'REQ-2002-02',
    'staff:t-liaison',
    '2025-05-04T06:00:00Z',
  );
  await event(
    'request.startReview',
    'service_request',
    'REQ-2002-02',
    'staff:t-committee',
    '2025-05-04T10:00:00Z',
  );
  await event(
    'request.reject',
    'service_request',
    'REQ-2002-02',
    'staff:t-committee',
    '2025-05-08T06:00:00Z',
  );
  // R3: untouched, overdue since the 12th, escalated to the committee.
  await request(
    'REQ-2003-03',
    'food-basket',
    'webchat',
    'submitted',
    '2025-05-10T06:00:00Z',
    '2025-05-12',
    1,
  );
  // C1: taken after 1 h, resolved after 24 h.
  await complaint(
    'CMP-3001-01',
    'complaint',
    'delay',
    'whatsapp',
    'resolved',
    '2025-05-05T06:00:00Z',
    '2025-05-19',
  );
  await event('complaint.assign', 'complaint', 'CMP-3001-01', 'staff:t-committee', '2025-05-05T07:00:00Z');
  await event('complaint.resolve', 'complaint', 'CMP-3001-01', 'staff:t-committee', '2025-05-06T06:00:00Z');
  // C2: a suggestion, open; C3: a complaint escalated and overdue.
  await complaint(
    'SUG-3002-02',
    'suggestion',
    null,
    'telegram',
    'open',
    '2025-05-11T06:00:00Z',
    '2025-05-25',
  );
  await complaint(
    'CMP-3003-03',
    'complaint',
    'service-quality',
    'webchat',
    'escalated',
    '2025-05-12T06:00:00Z',
    '2025-05-13',
    1,
  );
  // Surveys: three invitations, two answered (5 and 3); one more answer from the menu (4), about no case.
  for (const [ref, at] of [
    ['REQ-2001-01', '2025-05-06T06:00:00Z'],
    ['CMP-3001-01', '2025-05-07T06:00:00Z'],
    ['REQ-2002-02', '2025-05-09T06:00:00Z'],
  ]) {
    await db.query('INSERT INTO survey_invitations (case_reference, sent_at) VALUES ($1, $2)', [ref, at]);
  }
  for (const [ref, score, channel, at] of [
    ['REQ-2001-01', 5, 'whatsapp', '2025-05-06T08:00:00Z'],
    ['CMP-3001-01', 3, 'whatsapp', '2025-05-07T09:00:00Z'],
    [null, 4, 'telegram', '2025-05-08T09:00:00Z'],
  ] as const) {
    await db.query(
      'INSERT INTO survey_responses (case_reference, answers, channel, created_at) VALUES ($1, $2, $3, $4)',
      [ref, JSON.stringify({ overall: score, comment: 'x' }), channel, at],
    );
  }
}

/**
 * Who the cases are routed to (for the load per officer and the officer filter), and, in April, a
 * conversation handed to a person and answered with a survey (rated 2).
 */
export async function seedWorkload(db: SqlExecutor): Promise<void> {
  await db.query(`UPDATE service_requests SET routed_to = 't-liaison' WHERE reference = 'REQ-2003-03'`);
  await db.query(`UPDATE complaints SET routed_to = 't-committee' WHERE reference = 'CMP-3003-03'`);
  const person = await db.query<{ id: string }>('INSERT INTO beneficiaries DEFAULT VALUES RETURNING id');
  const id = person.rows[0]!.id;
  const talk = await db.query<{ id: string }>(
    `INSERT INTO conversations (beneficiary_id, channel, channel_user_id) VALUES ($1, 'telegram', 'dash-1') RETURNING id`,
    [id],
  );
  await db.query(
    `INSERT INTO handoffs (reference, beneficiary_id, conversation_id, reason, status, claimed_by, created_at, closed_at)
     VALUES ('HND-5001-01', $1, $2, 'asked', 'closed', 't-liaison', '2025-04-05T06:00:00Z', '2025-04-05T08:00:00Z')`,
    [id, talk.rows[0]!.id],
  );
  await db.query(
    `INSERT INTO survey_invitations (case_reference, sent_at) VALUES ('HND-5001-01', '2025-04-05T08:00:00Z')`,
  );
  await db.query(
    `INSERT INTO survey_responses (case_reference, answers, channel, created_at)
     VALUES ('HND-5001-01', '{"overall": 2}', 'telegram', '2025-04-05T09:00:00Z')`,
  );
}
