import { redactSessionPaths, sessionTag } from '../../src/logging/redact-session-paths';

describe('redactSessionPaths', () => {
  const id = 'AbCdEfGhIjKlMnOpQrStUv_-12';

  it('replaces the session id of every web chat URL with its short hash, keeping the rest', () => {
    const line = `{"req":{"url":"/webchat/api/sessions/${id}/messages?after=3"},"msg":"GET /webchat/api/sessions/${id}/events"}`;
    const out = redactSessionPaths(line);
    expect(out).not.toContain(id);
    expect(out).toContain(`/webchat/api/sessions/${sessionTag(id)}/messages?after=3`);
    expect(out).toContain(`/webchat/api/sessions/${sessionTag(id)}/events`);
  });

  it('hides a percent-encoded or malformed id too, and leaves other text alone', () => {
    expect(redactSessionPaths('/webchat/api/sessions/%41bc%00def/history')).toBe(
      `/webchat/api/sessions/${sessionTag('%41bc%00def')}/history`,
    );
    expect(redactSessionPaths('POST /webchat/api/sessions')).toBe('POST /webchat/api/sessions');
    expect(redactSessionPaths('/console/api/cases/R-1')).toBe('/console/api/cases/R-1');
  });

  it('tags one id the same way every time, two ids differently', () => {
    expect(sessionTag(id)).toMatch(/^~[0-9a-f]{8}$/);
    expect(sessionTag(id)).toBe(sessionTag(id));
    expect(sessionTag(id)).not.toBe(sessionTag(`${id}x`));
  });
});
