import { barChart, columnChart, escapeXml } from '../../src/console/dashboard/svg-chart';

describe('the dashboard’s SVG charts', () => {
  it('escape every label, so a category name cannot inject markup', () => {
    expect(escapeXml(`<script>"&'`)).toBe('&lt;script&gt;&quot;&amp;&apos;');
    const svg = barChart({
      title: 'T <b>',
      rtl: false,
      empty: '-',
      points: [{ label: '</text><script>x</script>', value: 1 }],
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
  });

  it('draw bars proportional to the values, growing away from the labels in either direction', () => {
    const points = [
      { label: 'a', value: 4 },
      { label: 'b', value: 2 },
    ];
    const widths = (svg: string): [number, number][] =>
      [...svg.matchAll(/<rect x="(-?\d+)" y="\d+" width="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const ltr = widths(barChart({ title: 't', rtl: false, empty: '-', points, width: 500 }));
    expect(ltr[0]![1]).toBe(2 * ltr[1]![1]);
    expect(ltr[0]![0]).toBe(ltr[1]![0]); // same start, on the left
    const rtl = widths(barChart({ title: 't', rtl: true, empty: '-', points, width: 500 }));
    // In Arabic the bars end at the same place on the right and grow to the left.
    expect(rtl[0]![0] + rtl[0]![1]).toBe(rtl[1]![0] + rtl[1]![1]);
    expect(rtl[0]![0]).toBeLessThan(rtl[1]![0]);
  });

  it('put the first week on the reading side: left in English, right in Arabic', () => {
    const points = [
      { label: 'w1', value: 1 },
      { label: 'w2', value: 3 },
    ];
    const x = (svg: string, label: string) =>
      Number(new RegExp(`x="([\\d.]+)"[^>]*>${label}<`).exec(svg)![1]);
    const ltr = columnChart({ title: 't', rtl: false, empty: '-', points });
    const rtl = columnChart({ title: 't', rtl: true, empty: '-', points });
    expect(x(ltr, 'w1')).toBeLessThan(x(ltr, 'w2'));
    expect(x(rtl, 'w1')).toBeGreaterThan(x(rtl, 'w2'));
    expect(rtl).toContain('direction="rtl"');
  });

  it('say there is no data instead of drawing an empty frame', () => {
    expect(barChart({ title: 't', rtl: false, empty: 'No data for this period.', points: [] })).toContain(
      'No data for this period.',
    );
  });
});
