import { randomBytes } from 'node:crypto';
import { caseTimeline, messageText } from '../../src/console/cases/case-timeline';
import { FieldCipher } from '../../src/security/field-cipher';

const at = (iso: string) => new Date(iso);

describe('caseTimeline', () => {
  it('merges events, alerts, documents and messages oldest first, keeping the order of equal times', () => {
    const timeline = caseTimeline({
      events: [
        { at: at('2026-03-01T09:00:00Z'), type: 'request.submitted', actor: 'beneficiary:1', data: {} },
        { at: at('2026-03-02T10:00:00Z'), type: 'request.approve', actor: 'staff:noura', data: {} },
      ],
      alerts: [
        { createdAt: at('2026-03-02T10:00:00Z'), kind: 'reminder', recipient: 'noura', status: 'sent' },
      ],
      documents: [
        {
          receivedAt: at('2026-03-01T08:59:00Z'),
          documentId: 'd1',
          mimeType: 'application/pdf',
          sizeBytes: 10,
          fileName: 'id.pdf',
        },
      ],
      messages: [
        {
          at: at('2026-03-02T10:00:01Z'),
          direction: 'out',
          channel: 'whatsapp',
          payload: { text: 'approved' },
          status: null,
          reply: false,
        },
        {
          at: at('2026-03-01T08:58:00Z'),
          direction: 'in',
          channel: 'whatsapp',
          payload: { text: 'hello', media: [{}, {}] },
          status: null,
          reply: false,
        },
        {
          at: at('2026-03-01T08:58:30Z'),
          direction: 'out',
          channel: 'whatsapp',
          payload: { text: 'welcome' },
          status: 'sent',
          reply: true,
        },
      ],
    });
    expect(timeline.map((t) => [t.at.slice(0, 19), t.type])).toEqual([
      ['2026-03-01T08:58:00', 'inbound'],
      ['2026-03-01T08:58:30', 'reply'],
      ['2026-03-01T08:59:00', 'document'],
      ['2026-03-01T09:00:00', 'event'],
      ['2026-03-02T10:00:00', 'event'],
      ['2026-03-02T10:00:00', 'staffAlert'],
      ['2026-03-02T10:00:01', 'notification'],
    ]);
    expect(timeline[0]).toMatchObject({ text: 'hello', media: 2 });
    // An outbox row without a status yet is waiting to be queued.
    expect(timeline[6]).toMatchObject({ text: 'approved', status: 'pending' });
  });
});

describe('messageText', () => {
  const cipher = new FieldCipher(randomBytes(32));

  it('opens a sealed outbox payload and a sealed inbound text', () => {
    const outbox = { sealed: cipher.seal(JSON.stringify({ text: 'قُبل طلبك' })) };
    expect(messageText(outbox, cipher)).toBe('قُبل طلبك');
    expect(messageText({ text: cipher.seal('رقم الهوية 1012345678') }, cipher)).toBe('رقم الهوية 1012345678');
  });

  it('shows no text where it cannot be opened, rather than failing the page', () => {
    const other = new FieldCipher(randomBytes(32));
    expect(messageText({ text: other.seal('secret') }, cipher)).toBe('');
    expect(messageText({ sealed: cipher.seal('{"text":"x"}') }, undefined)).toBe('');
    expect(messageText(null, cipher)).toBe('');
    expect(messageText({ text: 'plain' }, undefined)).toBe('plain');
  });
});
