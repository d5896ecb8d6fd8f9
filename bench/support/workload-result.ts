import { writeFileSync } from 'node:fs';

/** One figure of a workload, as the table prints it. */
export interface Figure {
  name: string;
  value: number | string;
  unit?: string;
  /** The issue's target for this figure, in words ("≥ 20000"), and whether it was met. */
  target?: string;
  met?: boolean;
}

/** What one workload (or one variant of it) reports. */
export interface WorkloadResult {
  workload: string;
  variant: string;
  figures: Figure[];
  /** The workload's own checks of its results (every user got a reference, no reply lost or doubled…). */
  verified: boolean;
  /** What the checks found wrong (first few), empty when verified. */
  problems: string[];
  /** Sizes and settings the run used. */
  parameters: Record<string, number | string | boolean>;
  /** Anything else worth keeping in the JSON (not printed). */
  details?: Record<string, unknown>;
}

/** `BENCH_QUICK=1`: small sizes, a couple of minutes for all four workloads. */
export const QUICK = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';

/** Reads a positive integer from the environment, for overriding a workload's size. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name}=${raw}: expected a whole number`);
  return value;
}

/** A figure with a lower bound as target. */
export const atLeast = (name: string, value: number, unit: string, min: number): Figure => ({
  name,
  value,
  unit,
  target: `≥ ${min}`,
  met: value >= min,
});

/** A figure with an upper bound as target. */
export const below = (name: string, value: number, unit: string, max: number): Figure => ({
  name,
  value,
  unit,
  target: `< ${max}`,
  met: value < max,
});

/** Prints one result as readable lines. */
export function printResult(result: WorkloadResult): void {
  const head = `${result.workload} · ${result.variant}: ${result.verified ? 'verified' : 'FAILED VERIFICATION'}`;
  console.log(head);
  for (const f of result.figures) {
    const target = f.target ? `  (target ${f.target}: ${f.met ? 'met' : 'MISSED'})` : '';
    console.log(`  ${f.name}: ${f.value}${f.unit ? ` ${f.unit}` : ''}${target}`);
  }
  for (const problem of result.problems) console.log(`  ! ${problem}`);
}

/**
 * Runs a workload file as a program: prints its results, hands them to the runner when it set
 * `BENCH_RESULT_FILE`, and exits non-zero when a result failed its own verification.
 */
export function runAsMain(run: () => Promise<WorkloadResult[]>): void {
  run()
    .then((results) => {
      for (const result of results) printResult(result);
      const file = process.env.BENCH_RESULT_FILE;
      if (file) writeFileSync(file, JSON.stringify(results, null, 2));
      process.exit(results.every((r) => r.verified) ? 0 : 1);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(2);
    });
}
