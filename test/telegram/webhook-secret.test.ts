import { webhookSecretMatches } from '../../src/telegram/webhook-secret';

describe('webhookSecretMatches', () => {
  const secret = 'a'.repeat(32);

  it('accepts exactly the configured secret', () => {
    expect(webhookSecretMatches(secret, secret)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['a prefix', secret.slice(0, 31)],
    ['longer', `${secret}a`],
    ['one character off', `${secret.slice(0, 31)}b`],
    ['repeated header', [secret, secret]],
  ])('refuses a %s secret', (_what, presented) => {
    expect(webhookSecretMatches(presented, secret)).toBe(false);
  });

  it('refuses everything when no secret is configured', () => {
    expect(webhookSecretMatches('', '')).toBe(false);
  });
});
