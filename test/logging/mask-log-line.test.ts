import { captureLogs } from '../support/log-capture';

const UUID = '3cf49821-0934-473b-8e2a-123456789012';

describe('log lines: personal data masked, ids whole', () => {
  it('writes a request id, timer and job ids, references and hashes exactly as they are', () => {
    const { logger, entries } = capture();
    logger.info(
      {
        reqId: 'proxy-20261207-123456789',
        timer: 'request-REQ-4821337-48-due',
        jobIds: ['repeat:draftSweep:1765000000000'],
        outboxId: UUID,
        hash: 'a3f1c2d4e5b60718293a4b5c6d7e8f901234567890abcdef1234567890abcdef',
      },
      `timer request-REQ-4821337-48-due of ${UUID} fired`,
    );
    const [entry] = entries();
    expect(entry).toMatchObject({
      reqId: 'proxy-20261207-123456789',
      timer: 'request-REQ-4821337-48-due',
      jobIds: ['repeat:draftSweep:1765000000000'],
      outboxId: UUID,
      hash: 'a3f1c2d4e5b60718293a4b5c6d7e8f901234567890abcdef1234567890abcdef',
      msg: `timer request-REQ-4821337-48-due of ${UUID} fired`,
    });
  });

  it('still masks a phone number and a national ID in a message text, an error and a URL', () => {
    const { logger, raw, entries } = capture();
    logger.info(
      { text: 'اتصلوا بي على ٠٥٠١٢٣٤٥٦٧ ورقم هويتي ١٠٠٠٠٠٠٠٠٨', req: { url: '/h?mobile=0501234567' } },
      'inbound',
    );
    logger.error({ err: new Error('no beneficiary with ID 1000000008') }, 'lookup failed');
    const [inbound, failed] = entries();
    expect(inbound!.text).toBe('اتصلوا بي على *******567 ورقم هويتي *******008');
    expect(inbound!.req).toEqual({ url: '/h?mobile=*******567' });
    expect((failed!.err as { message: string }).message).toBe('no beneficiary with ID *******008');
    expect(raw.join('\n')).not.toMatch(/1000000008|501234567/);
  });

  it("masks a channel's ids, which hold a person's address, and removes personal-data keys", () => {
    const { logger, raw, entries } = capture();
    logger.info(
      { chatId: '966501234567@c.us', channelMessageId: 'true_966501234567@c.us_3EB0', mobile: '0501234567' },
      'sent',
    );
    expect(entries()[0]).toMatchObject({
      chatId: '*********567@c.us',
      mobile: '[redacted]',
    });
    expect(raw.join('\n')).not.toContain('501234567');
  });

  it('does not take a number written next to a reference for an id', () => {
    const { logger, raw } = capture();
    logger.info('REQ-4821-27 call 0501234567, not REQ-0501234567-00');
    expect(raw.join('\n')).not.toContain('501234567');
    expect(raw.join('\n')).toContain('REQ-4821-27');
  });
});

const capture = () => captureLogs('info');
