import { h, svg, table } from './dom';
import { axisTop } from './format';

/**
 * Trend charts drawn as SVG by hand: twelve points and a target line per chart do not need a
 * charting library (uPlot or Chart.js would add 40–200 kB and draw on a canvas, which a screen
 * reader cannot read). Each chart is an image with a text summary, each point has a tooltip,
 * and the numbers are in a table beside it.
 */
export interface TrendPoint {
  label: string;
  value: number | null;
}

const WIDTH = 320;
const HEIGHT = 150;
const PAD = { top: 12, right: 12, bottom: 24, left: 44 };

export function trendChart(options: {
  title: string;
  points: TrendPoint[];
  format: (value: number) => string;
  target?: { value: number; label: string };
}): HTMLElement {
  const { points, format, target } = options;
  const values = points.flatMap((point) => (point.value === null ? [] : [point.value]));
  // Scaled to what it shows (the data and its target), not padded past it: a ratio of 50 %
  // against a target of 95 % ends at 100 %.
  const largest = Math.max(...values, target?.value ?? 0, 0);
  const top = axisTop(largest);
  const x = (index: number) =>
    PAD.left + (index * (WIDTH - PAD.left - PAD.right)) / Math.max(points.length - 1, 1);
  const y = (value: number) => PAD.top + (1 - value / top) * (HEIGHT - PAD.top - PAD.bottom);

  // A line through the months with data; a month without data breaks it rather than reading 0.
  const segments: string[] = [];
  let current = '';
  points.forEach((point, index) => {
    if (point.value === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${x(index).toFixed(1)},${y(point.value).toFixed(1)}`;
  });
  if (current) segments.push(current);

  const last = [...points].reverse().find((point) => point.value !== null);
  const summary =
    `${options.title}, ${points[0]?.label ?? ''} to ${points[points.length - 1]?.label ?? ''}: ` +
    (last ? `latest ${format(last.value!)} in ${last.label}` : 'no data') +
    (target ? `; target ${target.label}` : '');

  const chart = svg(
    'svg',
    {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: 'img',
      'aria-label': summary,
      class: 'chart',
      preserveAspectRatio: 'xMidYMid meet',
      'data-axis-top': top,
      'data-largest': largest,
    },
    svg('title', {}, summary),
    // Axes: zero and the top of the scale, the first and the last month.
    svg('line', {
      x1: PAD.left,
      x2: WIDTH - PAD.right,
      y1: y(0),
      y2: y(0),
      class: 'axis',
    }),
    svg('text', { x: PAD.left - 4, y: y(0) + 4, class: 'tick', 'text-anchor': 'end' }, format(0)),
    svg(
      'text',
      { x: PAD.left - 4, y: y(top) + 8, class: 'tick tick-top', 'text-anchor': 'end' },
      format(top),
    ),
    svg(
      'text',
      { x: x(0), y: HEIGHT - 6, class: 'tick', 'text-anchor': 'start' },
      points[0]?.label,
    ),
    svg(
      'text',
      { x: x(points.length - 1), y: HEIGHT - 6, class: 'tick', 'text-anchor': 'end' },
      points[points.length - 1]?.label,
    ),
    target &&
      svg(
        'g',
        { class: 'target' },
        svg('line', {
          x1: PAD.left,
          x2: WIDTH - PAD.right,
          y1: y(target.value),
          y2: y(target.value),
        }),
        svg(
          'text',
          { x: WIDTH - PAD.right, y: y(target.value) - 4, 'text-anchor': 'end', class: 'tick' },
          `target ${target.label}`,
        ),
      ),
    segments.map((d) => svg('path', { d, class: 'line' })),
    points.map((point, index) =>
      point.value === null
        ? null
        : svg(
            'circle',
            { cx: x(index), cy: y(point.value), r: 3, class: 'point' },
            svg('title', {}, `${point.label}: ${format(point.value)}`),
          ),
    ),
  );
  return h(
    'figure',
    { class: 'trend' },
    h('figcaption', {}, options.title),
    chart,
    h(
      'details',
      {},
      h('summary', {}, 'Numbers'),
      table(
        options.title,
        ['Month', 'Value'],
        points.map((point) => [
          point.label,
          point.value === null ? 'no data' : format(point.value),
        ]),
      ),
    ),
  );
}
