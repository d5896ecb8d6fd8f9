/**
 * `npm run bench`: the workloads of issue #8 (and 22, 23), each in a process of its own (so memory figures
 * are its own), a table of the results, and the whole as JSON in `bench/results/<timestamp>.json`.
 *
 *   npm run bench                      all of them, full sizes (about twenty minutes)
 *   BENCH_QUICK=1 npm run bench        small sizes, a couple of minutes
 *   npm run bench -- engine timers     only some: engine, durable, telegram, timers, tenants
 *
 * Exits non-zero when a workload failed its own checks (a reply lost, doubled or out of order, a
 * person without a reference, a timer lost…). A missed speed target is shown, not an error.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeMachine } from './support/machine';
import { QUICK, type WorkloadResult } from './support/workload-result';

interface Run {
  name: 'engine' | 'durable' | 'telegram' | 'timers' | 'tenants';
  file: string;
  args: string[];
}

const RUNS: Run[] = [
  { name: 'engine', file: 'engine-form.ts', args: [] },
  { name: 'durable', file: 'durable-form.ts', args: ['pglite', 'saturated'] },
  { name: 'durable', file: 'durable-form.ts', args: ['postgres', 'saturated'] },
  { name: 'durable', file: 'durable-form.ts', args: ['pglite', 'paced'] },
  { name: 'durable', file: 'durable-form.ts', args: ['postgres', 'paced'] },
  // Where a durable message's database time goes, statement by statement (issue 22).
  { name: 'durable', file: 'statement-costs.ts', args: ['postgres'] },
  { name: 'telegram', file: 'telegram-send.ts', args: [] },
  { name: 'timers', file: 'timers.ts', args: [] },
  // Many associations in one process, one flooding (issue 23).
  { name: 'tenants', file: 'tenants.ts', args: ['postgres'] },
];

interface Outcome {
  run: string;
  exitCode: number | null;
  results: WorkloadResult[];
  seconds: number;
}

function runOne(run: Run, scratch: string): Promise<Outcome> {
  const resultFile = path.join(scratch, `${run.file}-${run.args.join('-') || 'all'}.json`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, run.file), ...run.args], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, BENCH_RESULT_FILE: resultFile },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (exitCode) => {
      let results: WorkloadResult[] = [];
      try {
        results = JSON.parse(readFileSync(resultFile, 'utf8')) as WorkloadResult[];
      } catch {
        // it crashed before writing: the exit code says so
      }
      resolve({
        run: `${run.file} ${run.args.join(' ')}`.trim(),
        exitCode,
        results,
        seconds: (Date.now() - started) / 1000,
      });
    });
  });
}

/** The results as one table: workload, variant, figure, value, target. */
function table(outcomes: Outcome[]): string {
  const rows: string[][] = [['workload', 'variant', 'figure', 'value', 'target']];
  for (const outcome of outcomes) {
    if (outcome.results.length === 0) {
      rows.push([outcome.run, '', 'CRASHED', `exit ${String(outcome.exitCode)}`, '']);
      continue;
    }
    for (const result of outcome.results) {
      const status = result.verified ? 'verified' : 'FAILED VERIFICATION';
      rows.push([result.workload, result.variant, 'checks', status, '']);
      for (const f of result.figures) {
        const value = `${f.value}${f.unit ? ` ${f.unit}` : ''}`;
        const target = f.target ? `${f.target} ${f.met ? '✓' : '✗ missed'}` : '';
        rows.push(['', '', f.name, value, target]);
      }
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [
    line(rows[0]!),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const runs = RUNS.filter((r) => wanted.length === 0 || wanted.includes(r.name));
  if (runs.length === 0)
    throw new Error(`nothing to run: choose among ${[...new Set(RUNS.map((r) => r.name))]}`);
  const machine = describeMachine();
  const startedAt = new Date();
  console.log(
    `Tawasul benchmarks (${QUICK ? 'quick' : 'full'}) on ${machine.cpus} × ${machine.cpuModel}, ` +
      `${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverage}`,
  );
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tawasul-bench-'));
  const outcomes: Outcome[] = [];
  try {
    for (const run of runs) {
      console.log(`\n▶ ${run.file} ${run.args.join(' ')}`);
      outcomes.push(await runOne(run, scratch));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  console.log(`\n${table(outcomes)}`);
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const report = {
    startedAt: startedAt.toISOString(),
    quick: QUICK,
    machine,
    loadAverageAtEnd: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    outcomes,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
  const failed = outcomes.filter((o) => o.exitCode !== 0 || o.results.some((r) => !r.verified));
  if (failed.length > 0) {
    console.error(`failed: ${failed.map((o) => o.run).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
