import { ConfigError } from '../config/config-error';
import { StartupError } from '../config/startup-error';

/**
 * What `main` prints when start-up fails, and its exit code. A ConfigError or StartupError already says
 * what to fix: it is printed alone (a stack trace there reads like a crash and hides the fix). Anything
 * else is unexpected: its message, and how to see more. LOG_LEVEL=debug or trace adds every stack trace.
 */
export function startupFailure(
  error: unknown,
  logLevel: string | undefined,
): { text: string; exitCode: number } {
  const debug = /^(debug|trace)$/i.test(logLevel?.trim() ?? '');
  const stacks = debug ? `\n${stackChain(error)}\n` : '';
  if (error instanceof ConfigError) {
    return { text: `\n${error.message}\n${stacks}\n`, exitCode: 78 }; // EX_CONFIG
  }
  if (error instanceof StartupError) {
    return { text: `\nTawasul cannot start (${error.code}): ${error.message}\n${stacks}\n`, exitCode: 1 };
  }
  const message = error instanceof Error ? error.message : String(error);
  const more = debug ? stacks : '(LOG_LEVEL=debug prints the stack trace)\n';
  return { text: `Tawasul failed to start: ${message}\n${more}`, exitCode: 1 };
}

/** The error's stack, then its causes' (the driver's own error under a StartupError). */
function stackChain(error: unknown): string {
  const lines: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 5; depth += 1) {
    lines.push(
      `${depth === 0 ? '' : 'Caused by: '}${e instanceof Error ? (e.stack ?? e.message) : JSON.stringify(e)}`,
    );
    e = e instanceof Error ? e.cause : undefined;
  }
  return lines.join('\n');
}
