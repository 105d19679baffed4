import './charts.css';
import { niceTicks, SERIES_COLOURS } from './chart-scale';
import { useChartWidth } from './use-chart-width';

export interface Column {
  label: string;
  value: number;
}

interface Props {
  title: string;
  columns: Column[];
  format: (v: number) => string;
  empty: string;
  colour?: string;
}

const H = 200;
const M = { top: 18, right: 8, bottom: 26, left: 36 };

/** One value per column (a histogram's buckets), the value written on top; each column focusable. */
export function ColumnChart({ title, columns, format, empty, colour = SERIES_COLOURS[0] }: Props) {
  const { ref, width: W } = useChartWidth<HTMLDivElement>();
  if (columns.length === 0 || columns.every((c) => c.value === 0))
    return (
      <div ref={ref}>
        <p className="chart-empty">{empty}</p>
      </div>
    );
  const ticks = niceTicks(Math.max(...columns.map((c) => c.value)));
  const top = ticks[ticks.length - 1]!;
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const slot = iw / columns.length;
  const bw = Math.min(64, slot * 0.7);
  const y = (v: number) => M.top + ih - (v / top) * ih;
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
        {columns.map((c, i) => {
          const cx = M.left + slot * i + slot / 2;
          const text = `${c.label}: ${format(c.value)}`;
          return (
            <g key={c.label} className="chart-mark" tabIndex={0} role="img" aria-label={text}>
              <title>{text}</title>
              <rect x={cx - bw / 2} y={y(c.value)} width={bw} height={M.top + ih - y(c.value)} fill={colour} rx={2} />
              <rect className="chart-focus" x={cx - slot / 2 + 2} y={M.top - 14} width={slot - 4} height={ih + 14} rx={3} />
              <text className="chart-value" x={cx} y={y(c.value) - 4} textAnchor="middle">
                {format(c.value)}
              </text>
              <text x={cx} y={H - 8} textAnchor="middle">
                {c.label}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
