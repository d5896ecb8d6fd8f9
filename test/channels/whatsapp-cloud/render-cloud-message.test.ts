import {
  CLOUD_LIMITS,
  renderCloudMessage,
  type CloudPart,
} from '../../../src/channels/whatsapp-cloud/render-cloud-message';

/** The Graph API body of a rendered part that is a message (not a document to upload). */
function bodyOf(part: CloudPart | undefined): Body {
  if (part?.kind !== 'message') throw new Error(`not a message: ${JSON.stringify(part)}`);
  return part.body as unknown as Body;
}
type Body = {
  type: string;
  text: { body: string };
  interactive: { body: { text: string }; action: { sections: { rows: Record<string, string>[] }[] } };
};

const choices = (labels: string[]) => ({
  kind: 'choices' as const,
  text: 'هل توافق على إشعار الخصوصية؟',
  choices: labels.map((label, i) => ({ id: `c${i + 1}`, label })),
  hint: 'اكتب رقم اختيارك',
});

describe('renderCloudMessage', () => {
  it('sends a text as one text message, without link previews', () => {
    expect(renderCloudMessage({ kind: 'text', text: 'وصلت رسالتك' }, 'اختر')).toEqual([
      { kind: 'message', body: { type: 'text', text: { body: 'وصلت رسالتك', preview_url: false } } },
    ]);
  });

  it('splits a text longer than 4,096 characters at a paragraph', () => {
    const first = 'أ'.repeat(3_000);
    const second = 'ب'.repeat(3_000);
    const parts = renderCloudMessage({ kind: 'text', text: `${first}\n\n${second}` }, 'اختر');
    expect(parts.map((p) => (p.kind === 'message' ? (p.body.text as { body: string }).body : ''))).toEqual([
      first,
      second,
    ]);
  });

  it('renders up to three short choices as reply buttons carrying the choice ids', () => {
    expect(renderCloudMessage(choices(['أوافق', 'لا أوافق']), 'اختر')).toEqual([
      {
        kind: 'message',
        body: {
          type: 'interactive',
          interactive: {
            type: 'button',
            body: { text: 'هل توافق على إشعار الخصوصية؟' },
            action: {
              buttons: [
                { type: 'reply', reply: { id: 'c1', title: 'أوافق' } },
                { type: 'reply', reply: { id: 'c2', title: 'لا أوافق' } },
              ],
            },
          },
        },
      },
    ]);
  });

  it('renders four to ten choices as a list opened by the button label it is given', () => {
    const [part] = renderCloudMessage(choices(['واحد', 'اثنان', 'ثلاثة', 'أربعة']), 'اختر من القائمة');
    expect(part).toMatchObject({
      kind: 'message',
      body: {
        type: 'interactive',
        interactive: {
          type: 'list',
          action: {
            button: 'اختر من القائمة',
            sections: [{ rows: [{ id: 'c1', title: 'واحد' }, { id: 'c2' }, { id: 'c3' }, { id: 'c4' }] }],
          },
        },
      },
    });
  });

  it('uses a list when a label is too long for a button, its whole label as the row description', () => {
    const long = 'طلب مساعدة عاجلة في سداد الإيجار';
    expect(long.length).toBeGreaterThan(CLOUD_LIMITS.rowTitle);
    const [part] = renderCloudMessage(choices([long, 'لا']), 'اختر');
    const rows = bodyOf(part).interactive.action.sections[0]!.rows;
    expect(rows[0]).toEqual({ id: 'c1', title: expect.stringMatching(/…$/), description: long });
    expect(rows[0]!.title!.length).toBeLessThanOrEqual(CLOUD_LIMITS.rowTitle);
    expect(rows[1]).toEqual({ id: 'c2', title: 'لا' });
  });

  it('falls back to numbered text beyond ten choices, for repeated labels, or labels no row can hold', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `خيار ${i + 1}`);
    for (const message of [choices(eleven), choices(['نعم', 'نعم']), choices(['x'.repeat(100), 'لا'])]) {
      const parts = renderCloudMessage(message, 'اختر');
      expect(parts).toHaveLength(1);
      const body = bodyOf(parts[0]);
      expect(body.type).toBe('text');
      expect(body.text.body).toContain('1. ');
      expect(body.text.body).toContain('اكتب رقم اختيارك');
    }
  });

  it('puts a question longer than an interactive body allows before the buttons, as text', () => {
    const question = `${'ن'.repeat(900)}\n\n${'س'.repeat(300)}`;
    const parts = renderCloudMessage({ ...choices(['نعم', 'لا']), text: question }, 'اختر');
    expect(parts.map((p) => (p.kind === 'message' ? p.body.type : p.kind))).toEqual(['text', 'interactive']);
    const interactive = bodyOf(parts[1]).interactive;
    expect(interactive.body.text).toBe('س'.repeat(300));
  });

  it('sends a document to upload, its caption with it, or after it when longer than a caption allows', () => {
    const doc = { kind: 'document' as const, ref: 'abc', fileName: 'form.pdf', mimeType: 'application/pdf' };
    expect(renderCloudMessage({ ...doc, caption: 'نموذج الطلب' }, 'اختر')).toEqual([
      {
        kind: 'document',
        ref: 'abc',
        fileName: 'form.pdf',
        mimeType: 'application/pdf',
        caption: 'نموذج الطلب',
      },
    ]);
    const long = 'ش'.repeat(CLOUD_LIMITS.caption + 1);
    const parts = renderCloudMessage({ ...doc, caption: long }, 'اختر');
    expect(parts.map((p) => p.kind)).toEqual(['document', 'message']);
    expect(parts[0]).not.toHaveProperty('caption');
  });

  it('sends a location request as its text', () => {
    expect(renderCloudMessage({ kind: 'location-request', text: 'أرسل موقعك' }, 'اختر')).toEqual([
      { kind: 'message', body: { type: 'text', text: { body: 'أرسل موقعك', preview_url: false } } },
    ]);
  });
});
