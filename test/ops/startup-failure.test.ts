import { startupFailure } from '../../src/app/startup-failure';
import { ConfigError } from '../../src/config/config-error';
import { StartupError } from '../../src/config/startup-error';

describe('startupFailure', () => {
  const cause = new Error('connect ECONNREFUSED 127.0.0.1:1');
  const startup = new StartupError('ERR_REDIS_UNREACHABLE', 'cannot reach Redis: start it', { cause });

  it('prints a StartupError as its code and message, exit 1, no stack', () => {
    expect(startupFailure(startup, 'info')).toEqual({
      text: '\nTawasul cannot start (ERR_REDIS_UNREACHABLE): cannot reach Redis: start it\n\n',
      exitCode: 1,
    });
  });

  it('keeps a ConfigError as it was (exit 78, EX_CONFIG)', () => {
    expect(startupFailure(new ConfigError('HTTP_PORT="abc": must be a port'), undefined)).toEqual({
      text: '\nHTTP_PORT="abc": must be a port\n\n',
      exitCode: 78,
    });
  });

  it('adds the stacks, its cause included, with LOG_LEVEL=debug or trace', () => {
    for (const level of ['debug', ' TRACE ']) {
      const { text } = startupFailure(startup, level);
      expect(text).toMatch(/StartupError: cannot reach Redis: start it\n\s+at /);
      expect(text).toMatch(/Caused by: Error: connect ECONNREFUSED 127\.0\.0\.1:1\n\s+at /);
    }
  });

  it('an unexpected error: its message and how to see the stack', () => {
    const { text, exitCode } = startupFailure(new TypeError('x is undefined'), 'warn');
    expect(text).toBe('Tawasul failed to start: x is undefined\n(LOG_LEVEL=debug prints the stack trace)\n');
    expect(exitCode).toBe(1);
    expect(startupFailure(new TypeError('x is undefined'), 'debug').text).toMatch(
      /TypeError: x is undefined\n\s+at /,
    );
  });
});
