import { signatureMatches, signatureOf } from '../../../src/channels/whatsapp-cloud/webhook-signature';

const secret = '0123456789abcdef0123456789abcdef';
const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

describe('webhook signature', () => {
  it('accepts the HMAC-SHA256 of the raw body under the app secret, in any hex case', () => {
    const header = signatureOf(body, secret);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signatureMatches(body, header, secret)).toBe(true);
    expect(signatureMatches(body, header.toUpperCase().replace('SHA256', 'sha256'), secret)).toBe(true);
  });

  it('refuses a missing, malformed or forged signature, another secret, or a body changed by one byte', () => {
    const header = signatureOf(body, secret);
    expect(signatureMatches(body, undefined, secret)).toBe(false);
    expect(signatureMatches(body, '', secret)).toBe(false);
    expect(signatureMatches(body, header.replace('sha256=', 'sha1='), secret)).toBe(false);
    const forged = `${header.slice(0, -1)}${header.endsWith('0') ? '1' : '0'}`;
    expect(signatureMatches(body, forged, secret)).toBe(false);
    expect(signatureMatches(body, signatureOf(body, 'f'.repeat(32)), secret)).toBe(false);
    expect(signatureMatches(Buffer.from(`${body.toString()} `), header, secret)).toBe(false);
    expect(signatureMatches(body, header, '')).toBe(false);
  });
});
