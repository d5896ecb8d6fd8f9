import { encodeButton, parseButton, type ButtonAction } from '../../src/staff-bot/callback-data';

describe('staff bot buttons', () => {
  it.each<ButtonAction>([
    { type: 'handoff', action: 'claim', reference: 'HND-4821-27' },
    { type: 'handoff', action: 'close', reference: 'HND-4821-27' },
    { type: 'fieldHelp', action: 'done', reference: 'FLD-123456789-01' },
    { type: 'request', action: 'claim', reference: 'REQ-4821-27' },
    { type: 'request', action: 'infoReceived', reference: 'REQ-4821-27' },
    { type: 'complaint', action: 'escalate', reference: 'CMP-4821-27' },
    { type: 'rejectReason', index: 9, reference: 'REQ-4821-27' },
    { type: 'missingItem', index: 99, reference: 'REQ-123456789-27' },
  ])('round-trips %j within Telegram’s 64 bytes', (button) => {
    const data = encodeButton(button);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(parseButton(data)).toEqual(button);
  });

  it.each([
    'approve',
    'r:approve',
    'r:approve:REQ-4821',
    'r:launch:REQ-4821-27',
    'c:claim:CMP-4821-27',
    'h:approve:HND-4821-27',
    'rr:x:REQ-4821-27',
    'mi:100:REQ-4821-27',
    'mi::REQ-4821-27',
    'r:approve:REQ-4821-27:extra',
    'x:claim:HND-4821-27',
  ])('refuses %p, which the console never wrote', (data) => {
    expect(parseButton(data)).toBeUndefined();
  });
});
