import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../config/config-error';
import { loadEnv, type Env } from '../config/env';
import { OpsError } from '../ops/ops-error';
import type { Progress } from '../ops/progress';
import { startPrivateRedis } from '../queue/redis-server-launcher';
import { usePrivateUmask } from '../security/private-files';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Runs an operations command: parses its arguments (a mistake prints `usage`), reads the environment
 * like the app does, and turns failures into one clear message and a non-zero exit status:
 * 2 for something the operator can fix (the message says how), 78 for a wrong environment, 1 otherwise.
 */
export function runCommand<O extends Options>(
  spec: { name: string; usage: string; options: O },
  body: (input: {
    values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>['values'];
    positionals: string[];
    env: Env;
  }) => Promise<void>,
): void {
  const run = async () => {
    // Backups, restored databases and keys: the owner's only (src/security/private-files.ts).
    usePrivateUmask();
    let parsed;
    try {
      parsed = parseArgs({ options: spec.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new OpsError('ERR_USAGE', (error as Error).message, `usage: ${spec.usage}`);
    }
    await body({ values: parsed.values, positionals: parsed.positionals, env: loadEnv(process.env) });
  };
  run().then(
    () => {
      process.exitCode ??= 0;
    },
    (error: unknown) => {
      if (error instanceof OpsError) {
        console.error(`${spec.name}: ${error.message}\n  fix: ${error.fix}`);
        process.exitCode = 2;
      } else if (error instanceof ConfigError) {
        console.error(`${spec.name}: ${error.message}`);
        process.exitCode = 78;
      } else {
        console.error(
          `${spec.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        process.exitCode = 1;
      }
    },
  );
}

/** The one positional argument a command needs, or a usage error naming it. */
export function onePositional(positionals: readonly string[], what: string, usage: string): string {
  if (positionals.length !== 1 || !positionals[0]) {
    throw new OpsError('ERR_USAGE', `expected ${what}`, `usage: ${usage}`);
  }
  return positionals[0];
}

/**
 * Runs `fn` with a Redis URL: REDIS_URL, or else the app's private redis-server over DATA_DIR/redis,
 * started for the command and stopped after it (the app must be stopped then, as for the embedded database).
 */
export async function withRedis<T>(env: Env, fn: (url: string) => Promise<T>): Promise<T> {
  if (env.REDIS_URL) return fn(env.REDIS_URL);
  const redis = await startPrivateRedis({ dataDir: env.DATA_DIR, bin: env.REDIS_SERVER_BIN });
  try {
    return await fn(redis.url);
  } finally {
    await redis.stop();
  }
}

/**
 * A command's progress lines, on stderr as they happen ("backup: dumping the database…"): stdout keeps
 * the summary a script may read.
 */
export function cliProgress(name: string): Progress {
  return (line) => process.stderr.write(`${name}: ${line}\n`);
}
