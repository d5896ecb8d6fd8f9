import {
  classifyGraphCode,
  classifyGraphError,
} from '../../../src/channels/whatsapp-cloud/classify-graph-error';
import { GraphApiError } from '../../../src/channels/whatsapp-cloud/graph-client';

describe('classifyGraphError', () => {
  it.each([
    [131047, { outcome: 'template' }],
    [130429, { outcome: 'retry', retryAfterMs: 5_000 }],
    [131056, { outcome: 'retry', retryAfterMs: 10_000 }],
    [131000, { outcome: 'retry' }],
    [131026, { outcome: 'give-up', alert: 'undeliverable' }],
    [132001, { outcome: 'give-up', alert: 'template' }],
    [131031, { outcome: 'give-up', alert: 'account' }],
    [190, { outcome: 'retry', alert: 'token' }],
  ] as const)('maps Meta code %i to %o', (code, expected) => {
    expect(classifyGraphCode(code, `${code} something`)).toMatchObject(expected);
  });

  it('gives up on an invalid parameter (our request is wrong) and retries what it does not know on 5xx', () => {
    expect(
      classifyGraphError(new GraphApiError(400, 100, 'Invalid parameter', 'title too long')),
    ).toMatchObject({
      outcome: 'give-up',
      error: '100 Invalid parameter (title too long)',
    });
    expect(classifyGraphError(new GraphApiError(503, 0, 'HTTP 503'))).toMatchObject({ outcome: 'retry' });
    expect(classifyGraphError(new GraphApiError(0, 0, 'could not be reached'))).toMatchObject({
      outcome: 'retry',
    });
    expect(classifyGraphError(new Error('socket hang up'))).toMatchObject({ outcome: 'retry' });
  });

  it('waits a minute on an HTTP 429 without a known code, and never gives up on a 5xx even with a give-up code', () => {
    expect(classifyGraphCode(999_999, 'x', 429)).toEqual({
      outcome: 'retry',
      retryAfterMs: 60_000,
      error: 'x',
    });
    expect(classifyGraphError(new GraphApiError(500, 131026, 'odd'))).toMatchObject({ outcome: 'retry' });
  });
});
