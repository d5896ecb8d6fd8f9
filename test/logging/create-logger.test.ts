import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging/create-logger';
import { maskSensitive } from '../../src/logging/mask-sensitive';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('logs never show phone numbers, ID numbers or tokens', () => {
  it('masks national IDs and mobiles in messages and fields, in any digit script', () => {
    const { lines, logger } = capture();
    logger.info(
      { note: 'ID ١٠٠٠٠٠٠٠٠٨ and +966 50 123 4567', nested: { text: 'call 0501234567' } },
      'from 1234567897',
    );
    const out = lines.join('');
    for (const secret of ['1000000008', '١٠٠٠٠٠٠٠٠٨', '501234567', '1234567897'])
      expect(out).not.toContain(secret);
    expect(out).toContain('*******008');
    expect(out).toContain('897');
  });

  it('removes tokens and phone fields by key', () => {
    const { lines, logger } = capture();
    logger.info({ token: '123456:ABCDEF', sender: { phone: '+966501234567' } }, 'sent');
    const out = lines.join('');
    expect(out).not.toContain('ABCDEF');
    expect(out).not.toContain('501234567');
    expect(out).toContain('[redacted]');
  });

  it('keeps errors and short numbers readable', () => {
    const { lines, logger } = capture();
    logger.error({ err: new Error('boom'), count: 12345 }, 'failed after 3 tries');
    const entry = JSON.parse(lines[0]!) as { err: { message: string }; count: number; msg: string };
    expect(entry.err.message).toBe('boom');
    expect(entry.count).toBe(12345);
    expect(entry.msg).toBe('failed after 3 tries');
    expect(maskSensitive('REQ-4821-27')).toBe('REQ-4821-27');
  });
});
