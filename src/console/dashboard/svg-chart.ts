/**
 * Small charts drawn as SVG on the server: no script, no CDN, works offline and prints. Each chart is an
 * image with a title; the table beside it on the page carries the same numbers for screen readers.
 */

export interface ChartPoint {
  label: string;
  value: number;
  /** What to write at the end of the bar (default: the value). */
  display?: string;
}

interface ChartOptions {
  title: string;
  points: readonly ChartPoint[];
  rtl: boolean;
  /** The axis maximum (default: the largest value). */
  max?: number;
  /** Shown when there is nothing to draw. */
  empty: string;
  width?: number;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Tahoma, "Noto Sans Arabic", sans-serif';
const COLORS = { bar: '#0b5d4b', axis: '#6b7280', text: '#1f2937', grid: '#e5e7eb' };

export const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

const trim = (text: string, max: number) =>
  [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;

function frame(width: number, height: number, title: string, rtl: boolean, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-label="${escapeXml(title)}" font-family='${FONT}' font-size="13"${rtl ? ' direction="rtl"' : ''}>` +
    `<title>${escapeXml(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>${body}</svg>`
  );
}

/** Horizontal bars, one per point: labels on the reading side, bars growing away from them. */
export function barChart(options: ChartOptions): string {
  const width = options.width ?? 560;
  const row = 28;
  const top = 12;
  const labelWidth = Math.round(width * 0.36);
  const valueWidth = 56;
  const barSpace = width - labelWidth - valueWidth - 24;
  const height = Math.max(60, top * 2 + row * Math.max(1, options.points.length));
  if (options.points.length === 0) {
    const x = options.rtl ? width - 12 : 12;
    return frame(
      width,
      60,
      options.title,
      options.rtl,
      `<text x="${x}" y="34" fill="${COLORS.axis}">${escapeXml(options.empty)}</text>`,
    );
  }
  const max = options.max ?? Math.max(1, ...options.points.map((p) => p.value));
  const parts = options.points.map((p, i) => {
    const y = top + i * row;
    const length = Math.max(p.value > 0 ? 2 : 0, Math.round((p.value / max) * barSpace));
    const labelX = options.rtl ? width - 8 : 8;
    const barStart = options.rtl ? width - labelWidth - 8 : labelWidth + 8;
    const barX = options.rtl ? barStart - length : barStart;
    const valueX = options.rtl ? barX - 6 : barX + length + 6;
    return (
      `<text x="${labelX}" y="${y + 18}" fill="${COLORS.text}">${escapeXml(trim(p.label, 30))}</text>` +
      `<rect x="${barX}" y="${y + 6}" width="${length}" height="16" rx="3" fill="${COLORS.bar}"/>` +
      `<text x="${valueX}" y="${y + 18}" fill="${COLORS.text}" direction="ltr" text-anchor="${options.rtl ? 'end' : 'start'}">${escapeXml(p.display ?? String(p.value))}</text>`
    );
  });
  return frame(width, height, options.title, options.rtl, parts.join(''));
}

/** Columns over time (weeks), oldest on the reading side's start: left in English, right in Arabic. */
export function columnChart(options: ChartOptions): string {
  const width = options.width ?? 560;
  const height = 220;
  const bottom = 40;
  const top = 16;
  const side = 36;
  const n = options.points.length;
  if (n === 0) return barChart({ ...options, points: [] });
  const max = options.max ?? Math.max(1, ...options.points.map((p) => p.value));
  const plot = height - top - bottom;
  const slot = (width - side * 2) / n;
  const barWidth = Math.max(4, Math.min(36, slot * 0.7));
  const every = Math.ceil(n / 8); // at most eight labels under the axis
  const axisY = height - bottom;
  const parts = [
    `<line x1="${side}" y1="${axisY}" x2="${width - side}" y2="${axisY}" stroke="${COLORS.axis}"/>`,
    `<text x="${options.rtl ? width - 4 : 4}" y="${top + 4}" fill="${COLORS.axis}" direction="ltr" text-anchor="${options.rtl ? 'end' : 'start'}">${max}</text>`,
  ];
  options.points.forEach((p, i) => {
    const position = options.rtl ? n - 1 - i : i;
    const cx = side + slot * position + slot / 2;
    const h = Math.round((p.value / max) * plot);
    parts.push(
      `<rect x="${(cx - barWidth / 2).toFixed(1)}" y="${axisY - h}" width="${barWidth.toFixed(1)}" height="${h}" rx="2" fill="${COLORS.bar}"><title>${escapeXml(`${p.label}: ${p.display ?? p.value}`)}</title></rect>`,
    );
    if (p.value > 0) {
      parts.push(
        `<text x="${cx.toFixed(1)}" y="${axisY - h - 4}" fill="${COLORS.text}" direction="ltr" text-anchor="middle" font-size="11">${escapeXml(p.display ?? String(p.value))}</text>`,
      );
    }
    if (i % every === 0) {
      parts.push(
        `<text x="${cx.toFixed(1)}" y="${axisY + 16}" fill="${COLORS.axis}" direction="ltr" text-anchor="middle" font-size="11">${escapeXml(p.label)}</text>`,
      );
    }
  });
  return frame(width, height, options.title, options.rtl, parts.join(''));
}
