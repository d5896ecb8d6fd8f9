import { performance } from 'node:perf_hooks';

/** The value below which `p` per cent of `sorted` (ascending) lie, nearest-rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

/** p50, p99 and max of some latencies in ms. */
export function latencySummary(values: readonly number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

export const round = (value: number, digits = 1): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1);

/**
 * Measures one phase of a workload: wall time, CPU time of this process and the highest RSS seen. RSS is
 * sampled every `sampleMs` (a sample cannot land inside a long synchronous stretch, so the peak is also
 * checked at the end).
 */
export class PhaseMeter {
  private readonly startedAt = performance.now();
  private readonly cpuAtStart = process.cpuUsage();
  private peakRss = process.memoryUsage.rss();
  private readonly rssSamples: { atMs: number; rss: number }[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(sampleMs = 100) {
    this.timer = setInterval(() => this.sample(), sampleMs);
    this.timer.unref();
  }

  private sample(): void {
    const rss = process.memoryUsage.rss();
    this.peakRss = Math.max(this.peakRss, rss);
    this.rssSamples.push({ atMs: performance.now() - this.startedAt, rss });
  }

  /** Stops sampling; CPU is user + system time in ms. */
  stop(): { wallMs: number; cpuMs: number; peakRss: number; rssSamples: { atMs: number; rss: number }[] } {
    clearInterval(this.timer);
    this.sample();
    const cpu = process.cpuUsage(this.cpuAtStart);
    return {
      wallMs: performance.now() - this.startedAt,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRss: this.peakRss,
      rssSamples: this.rssSamples,
    };
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
