/** The one pino method a step uses; a pino logger fits. */
export interface StepLogger {
  info(obj: object, msg: string): void;
}

/** After this long, a step that is still running says so once: a slow start is never silent. */
const SLOW_STEP_MS = 3_000;

/**
 * Runs one step of a start-up or a long command and writes one info line when it is done: `done.msg`
 * with how long it took in `ms` (and `done.fields` of the result). A step still running after 3 s writes
 * "still <doing>…" once, so the operator knows what the wait is for. A failed step writes nothing: its
 * error is reported by whoever catches it. `announce`: also a line when it begins.
 */
export async function timedStep<T>(
  logger: StepLogger | undefined,
  doing: string,
  run: () => Promise<T>,
  done: (result: T) => { msg: string; fields?: object },
  options: { announce?: boolean } = {},
): Promise<T> {
  if (!logger) return run();
  const started = performance.now();
  // A step that blocks the event loop (the embedded database's start) can say "still…" only too late.
  if (options.announce) logger.info({}, `${doing}…`);
  const slow = setTimeout(() => logger.info({ ms: elapsed(started) }, `still ${doing}…`), SLOW_STEP_MS);
  slow.unref();
  try {
    const result = await run();
    const { msg, fields } = done(result);
    logger.info({ ...fields, ms: elapsed(started) }, msg);
    return result;
  } finally {
    clearTimeout(slow);
  }
}

/** Milliseconds since `started` (a `performance.now()`), whole. */
export const elapsed = (started: number) => Math.round(performance.now() - started);
