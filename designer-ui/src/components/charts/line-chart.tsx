import './charts.css';
import { ChartLegend } from './chart-legend';
import { niceTicks, SERIES_COLOURS } from './chart-scale';
import { useChartWidth } from './use-chart-width';

export interface LineSeries {
  label: string;
  values: number[];
}

interface Props {
  /** what the chart shows, for screen readers */
  title: string;
  /** x axis labels, one per point */
  categories: string[];
  /** the long label of a category in the focus text (e.g. the full date) */
  categoryLabel?: (category: string) => string;
  series: LineSeries[];
  format: (v: number) => string;
  empty: string;
}

const H = 220;
const M = { top: 12, right: 12, bottom: 26, left: 40 };

/**
 * Several series over the same categories (a trend per day). Each category is one focusable column:
 * Tab walks the days and each announces all its values.
 */
export function LineChart({ title, categories, categoryLabel = (c) => c, series, format, empty }: Props) {
  const { ref, width: W } = useChartWidth<HTMLDivElement>();
  if (categories.length === 0)
    return (
      <div ref={ref}>
        <p className="chart-empty">{empty}</p>
      </div>
    );
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1]!;
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const step = categories.length > 1 ? iw / (categories.length - 1) : 0;
  const x = (i: number) => M.left + (categories.length > 1 ? i * step : iw / 2);
  const y = (v: number) => M.top + ih - (v / top) * ih;
  // at most one label per 56 px
  const every = Math.max(1, Math.ceil(categories.length / Math.max(2, Math.floor(iw / 56))));
  const colW = categories.length > 1 ? step : iw;
  return (
    <div ref={ref}>
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="group" aria-label={title}>
        {ticks.map((t) => (
          <g key={t}>
            <line className="chart-grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text x={M.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle">
              {format(t)}
            </text>
          </g>
        ))}
        <line className="chart-axis" x1={M.left} x2={W - M.right} y1={M.top + ih} y2={M.top + ih} />
        {categories.map((c, i) =>
          i % every === 0 || i === categories.length - 1 ? (
            <text key={c} x={x(i)} y={H - 8} textAnchor="middle">
              {c}
            </text>
          ) : null,
        )}
        {series.map((s, si) => (
          <polyline
            key={s.label}
            fill="none"
            stroke={SERIES_COLOURS[si % SERIES_COLOURS.length]}
            strokeWidth={2}
            strokeDasharray={si === 0 ? undefined : si === 1 ? '6 3' : '2 3'}
            points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}
          />
        ))}
        {series.map((s, si) =>
          s.values.map((v, i) => (
            <circle
              key={`${s.label}-${i}`}
              cx={x(i)}
              cy={y(v)}
              r={categories.length > 40 ? 1.5 : 3}
              fill={SERIES_COLOURS[si % SERIES_COLOURS.length]}
            />
          )),
        )}
        {categories.map((c, i) => {
          const text = `${categoryLabel(c)}: ${series.map((s) => `${s.label} ${format(s.values[i] ?? 0)}`).join(', ')}`;
          return (
            <g key={`mark-${c}`} className="chart-mark" tabIndex={0} role="img" aria-label={text}>
              <title>{text}</title>
              <rect
                className="chart-focus"
                x={Math.max(M.left, x(i) - colW / 2)}
                y={M.top}
                width={Math.min(W - M.right, x(i) + colW / 2) - Math.max(M.left, x(i) - colW / 2)}
                height={ih}
              />
            </g>
          );
        })}
      </svg>
      <ChartLegend items={series.map((s, si) => ({ label: s.label, colour: SERIES_COLOURS[si % SERIES_COLOURS.length]! }))} />
    </div>
  );
}
