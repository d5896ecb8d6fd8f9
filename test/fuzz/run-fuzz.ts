/**
 * `npm run fuzz`: the full engine fuzz run, 100,000 generated inputs across every resting state of
 * every flow (test/fuzz/engine-fuzz.ts says what is generated and checked). Prints the figures that
 * docs/RELIABILITY.md records; exits 1 on the first broken promise, with fast-check's smallest
 * failing case and the seed to replay it.
 *
 *   npm run fuzz                       # 100,000 inputs, the recorded seed
 *   FUZZ_INPUTS=1000000 FUZZ_SEED=7 npm run fuzz
 */
import { emptyFigures, formatFigures, runEngineFuzz } from './engine-fuzz';

const inputs = Number(process.env.FUZZ_INPUTS ?? 100_000);
const seed = Number(process.env.FUZZ_SEED ?? 20261122);
const figures = emptyFigures(seed);
try {
  runEngineFuzz({ inputs, seed, figures });
  process.stdout.write(`${formatFigures(figures)}\n`);
} catch (err) {
  process.stdout.write(
    `${formatFigures(figures)}\n\nFAILED after ${figures.inputs} inputs:\n${(err as Error).message}\n\n${String((err as Error).cause ?? '')}\n`,
  );
  process.exitCode = 1;
}
