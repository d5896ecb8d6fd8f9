import type { IncomingMessage } from 'node:http';
import { hostOf } from '../../src/platform/host-router';

const request = (host: string | undefined) =>
  ({ headers: host === undefined ? {} : { host } }) as IncomingMessage;

describe('hostOf: the host name a request was sent to', () => {
  it('drops the port and the case, as DNS ignores both', () => {
    expect(hostOf(request('Al-Birr.Example.org:443'))).toBe('al-birr.example.org');
    expect(hostOf(request('al-wafa.test'))).toBe('al-wafa.test');
  });

  it('keeps an IPv6 literal whole, with or without a port', () => {
    expect(hostOf(request('[::1]:3000'))).toBe('[::1]');
    expect(hostOf(request('[::1]'))).toBe('[::1]');
  });

  it('reads a request without Host as no host (which no association has)', () => {
    expect(hostOf(request(undefined))).toBe('');
  });
});
