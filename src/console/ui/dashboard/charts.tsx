/**
 * The dashboard's charts, drawn by hand as SVG inside the page. We chose this over a chart library:
 * the figures are a few bars and weekly lines; Chart.js (~200 kB) or ECharts (~1 MB) would outweigh the
 * whole console bundle, draw on a canvas that screen readers cannot read and that does not follow the
 * page's right-to-left direction, and some need inline styles our content policy forbids. An SVG here is
 * a few dozen lines, prints, scales to a phone, and its texts are real text (bidi-isolated numbers).
 * Each chart sits above its table (one click away), which carries the same numbers exactly.
 */
import { boot, t } from '../boot';
import { formatNumber } from './numbers';

export type Tone = 'main' | 'late' | 'light' | 'second' | 'third';

/** One bar: its label, its segments (stacked, start to end), and what to write after it. */
export interface Bar {
  label: string;
  segments: { value: number; tone: Tone; name: string }[];
  display: string;
}

const RTL = boot.lang === 'ar';
const W = 640;

const trim = (text: string, max: number) =>
  [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;

/** x of a span [x, x + w] on a 0..W axis, mirrored right to left in Arabic. */
const place = (x: number, w: number) => (RTL ? W - x - w : x);

function Legend(props: { items: { name: string; tone: Tone }[] }) {
  return (
    <ul class="chart-legend">
      {props.items.map((i) => (
        <li key={i.name}>
          <span class={`swatch tone-${i.tone}`} aria-hidden="true" />
          {i.name}
        </li>
      ))}
    </ul>
  );
}

/**
 * Horizontal bars (stacked segments), each with its label on the line above it, so long names never
 * squeeze the bars on a phone; the figure is written after the bar.
 */
export function BarChart(props: { title: string; bars: Bar[]; max?: number; legend?: boolean }) {
  if (props.bars.length === 0) return <p class="muted">{t('dashboard.noData')}</p>;
  const valueW = 150;
  const plot = W - valueW - 8;
  const row = 52;
  const height = props.bars.length * row + 4;
  const totals = props.bars.map((b) => b.segments.reduce((s, g) => s + g.value, 0));
  const max = Math.max(props.max ?? 0, ...totals, 1);
  const names = new Map<string, Tone>();
  for (const b of props.bars) for (const s of b.segments) names.set(s.name, s.tone);
  return (
    <div class="chart-box">
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={props.title} class="chart-svg">
        <title>{props.title}</title>
        {props.bars.map((b, i) => {
          const y = 2 + i * row;
          let at = 0;
          const end = ((totals[i] ?? 0) / max) * plot;
          return (
            <g key={`${b.label}-${i}`}>
              <text
                x={RTL ? W - 2 : 2}
                y={y + 20}
                text-anchor="start"
                direction={RTL ? 'rtl' : 'ltr'}
                class="chart-label"
              >
                {trim(b.label, 48)}
              </text>
              {b.segments.map((s) => {
                const w = (s.value / max) * plot;
                const rect = (
                  <rect
                    key={s.name}
                    x={place(at, w)}
                    y={y + 26}
                    width={w}
                    height={20}
                    class={`tone-${s.tone}`}
                  />
                );
                at += w;
                return rect;
              })}
              <text
                x={RTL ? W - end - 8 : end + 8}
                y={y + 42}
                text-anchor={RTL ? 'end' : 'start'}
                direction="ltr"
                class="chart-value"
              >
                {b.display}
              </text>
            </g>
          );
        })}
      </svg>
      {props.legend && <Legend items={[...names].map(([name, tone]) => ({ name, tone }))} />}
    </div>
  );
}

/** Weekly lines: one per series, weeks along the axis (oldest at the start side), a light grid. */
export function LineChart(props: {
  title: string;
  weeks: string[];
  series: { name: string; tone: Tone; values: number[] }[];
}) {
  const height = 220;
  const left = 36;
  const bottom = 34;
  const top = 12;
  const plotW = W - left - 32;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...props.series.flatMap((s) => s.values));
  const step = Math.max(1, Math.ceil(max / 4));
  const ticks = [0, 1, 2, 3, 4].map((i) => i * step).filter((v) => v <= Math.max(max, step));
  const ceiling = ticks[ticks.length - 1] ?? max;
  const n = props.weeks.length;
  const x = (i: number) => {
    const pos = left + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
    return RTL ? W - pos : pos;
  };
  const y = (v: number) => top + plotH - (v / ceiling) * plotH;
  const every = Math.max(1, Math.ceil(n / 8));
  return (
    <div class="chart-box">
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={props.title} class="chart-svg">
        <title>{props.title}</title>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={RTL ? 32 : left} x2={RTL ? W - left : W - 32} y1={y(v)} y2={y(v)} class="chart-grid" />
            <text
              x={RTL ? W - 4 : 4}
              y={y(v) + 4}
              direction="ltr"
              text-anchor={RTL ? 'end' : 'start'}
              class="chart-value"
            >
              {formatNumber(v)}
            </text>
          </g>
        ))}
        {props.weeks.map((w, i) =>
          i % every === 0 ? (
            <text key={w} x={x(i)} y={height - 8} text-anchor="middle" direction="ltr" class="chart-label">
              {`${w.slice(8, 10)}/${w.slice(5, 7)}`}
            </text>
          ) : null,
        )}
        {props.series.map((s) => (
          <g key={s.name} class={`line tone-${s.tone}`}>
            <polyline points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} fill="none" />
            {s.values.map((v, i) => (
              <circle key={i} cx={x(i)} cy={y(v)} r={3}>
                <title>{`${s.name}: ${formatNumber(v)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <Legend items={props.series.map((s) => ({ name: s.name, tone: s.tone }))} />
    </div>
  );
}
