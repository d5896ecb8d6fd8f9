import { OutboundMessage } from '../../src/domain/outbound-message';
import { FlowDriver } from '../support/flow-driver';

/** Defects the fuzzer found, kept as plain flow tests so they stay fixed (docs/RELIABILITY.md). */
describe('found by the fuzzer', () => {
  const photo = { kind: 'image' as const, mimeType: 'image/jpeg', sizeBytes: 2048, ref: 'a'.repeat(64) };

  it('files the last missing document and sets aside extra files sent with it, instead of asking "which document?" with nothing to pick', () => {
    const chat = new FlowDriver();
    for (const step of [
      'hello',
      '1',
      '1',
      '2',
      '1',
      '1',
      'محمد أحمد علي',
      '١٠٠٠٠٠٠٠٠٨',
      '٠٥٠١٢٣٤٥٦٧',
      '1',
      '5',
    ])
      chat.send(step);
    chat.send({ media: [photo] });
    chat.send('1');
    expect(chat.state).toBe('service-request.documents');

    chat.send({ media: [photo, { ...photo, ref: 'b'.repeat(64) }, { ...photo, ref: 'c'.repeat(64) }] });
    for (const message of chat.lastMessages) expect(OutboundMessage.safeParse(message).success).toBe(true);
    expect(chat.saidKeys()).toEqual([
      'request.documents.gotOne',
      'request.documents.extra',
      'request.summary',
      'request.summaryQuestion',
    ]);
    expect(chat.state).toBe('service-request.summary');
  });

  it('quotes an answer that looks like a record output ("$A") instead of failing the step', () => {
    const chat = new FlowDriver();
    for (const step of ['hello', '1', '1', '', '1', 'سعد الحربي', '0501234567', 'رابغ', '3']) {
      if (step === '') chat.send({ choiceId: 'volunteer' });
      else chat.send(step);
    }
    expect(chat.state).toBe('volunteer.askSkills');
    const reply = chat.send('$A');
    expect(chat.state).toBe('volunteer.summary');
    expect(reply).toContain('$A');
    chat.send('$volunteer.ref');
    expect(chat.saidKeys()).not.toContain('engine.error');
  });
});
