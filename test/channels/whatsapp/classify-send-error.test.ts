import { classifySendError } from '../../../src/channels/whatsapp/classify-send-error';

describe('classifySendError', () => {
  it.each([
    ['Evaluation failed: Error: wid error: invalid wid', false, false],
    ['Error: invalid wid', false, false],
    [
      'Protocol error (Runtime.callFunctionOn): Session closed. Most likely the page has been closed.',
      true,
      true,
    ],
    ['Protocol error (Runtime.callFunctionOn): Target closed.', true, true],
    ['Execution context was destroyed, most likely because of a navigation.', true, true],
    ['Navigation timeout of 30000 ms exceeded', true, true],
    ['send timed out after 60000 ms', true, true],
    ["Cannot read properties of undefined (reading 'evaluate')", true, true],
    ['Evaluation failed: TypeError: something new in WhatsApp Web', true, false],
  ])('%s → retryable %s, connection lost %s', (message, retryable, connectionLost) => {
    const result = classifySendError(new Error(message));
    expect(result).toEqual({ ok: false, retryable, connectionLost, error: expect.stringContaining(message) });
  });

  it('describes what is not an Error, and keeps the text short', () => {
    expect(classifySendError('invalid wid')).toMatchObject({ retryable: false });
    expect(classifySendError(new Error('x'.repeat(1_000))).error.length).toBeLessThanOrEqual(300);
  });
});
