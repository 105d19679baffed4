import './charts.css';
import { ChartLegend } from './chart-legend';
import { SERIES_COLOURS } from './chart-scale';
import { useChartWidth } from './use-chart-width';

export interface BarRow {
  label: string;
  /** stacked segments, in the order of `segments` (one value for a plain bar) */
  values: number[];
  /** what is written after the bar; the sum, formatted, when absent */
  note?: string;
}

interface Props {
  title: string;
  rows: BarRow[];
  /** segment names: given, a legend is shown */
  segments?: string[];
  format: (v: number) => string;
  empty: string;
}

const ROW = 28;
const LABEL = 140;
const NOTE = 190;

/** Horizontal bars, one row each (a funnel, a top-N list, a stacked cost split); each row focusable. */
export function BarListChart({ title, rows, segments, format, empty }: Props) {
  const { ref, width: W } = useChartWidth<HTMLDivElement>();
  if (rows.length === 0)
    return (
      <div ref={ref}>
        <p className="chart-empty">{empty}</p>
      </div>
    );
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((s, v) => s + Math.max(0, v), 0)));
  const iw = Math.max(40, W - LABEL - NOTE);
  const H = rows.length * ROW + 4;
  const clip = (s: string) => (s.length > 18 ? `${s.slice(0, 17)}…` : s);
  return (
    <div ref={ref}>
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="group" aria-label={title}>
        {rows.map((r, i) => {
          const y = i * ROW + 2;
          let x = LABEL;
          const total = r.values.reduce((s, v) => s + v, 0);
          const parts = segments ? r.values.map((v, si) => `${segments[si]} ${format(v)}`).join(', ') : format(total);
          const text = `${r.label}: ${parts}${r.note ? ` (${r.note})` : ''}`;
          return (
            <g key={`${r.label}-${i}`} className="chart-mark" tabIndex={0} role="img" aria-label={text}>
              <title>{text}</title>
              <rect className="chart-focus" x={1} y={y} width={W - 2} height={ROW - 2} rx={3} />
              <text x={LABEL - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle">
                {clip(r.label)}
              </text>
              <rect x={LABEL} y={y + 5} width={iw} height={ROW - 12} fill="var(--surface-2)" rx={2} />
              {r.values.map((v, si) => {
                const w = (Math.max(0, v) / max) * iw;
                const rect = (
                  <rect key={si} x={x} y={y + 5} width={w} height={ROW - 12} fill={SERIES_COLOURS[si % SERIES_COLOURS.length]} />
                );
                x += w;
                return rect;
              })}
              <text className="chart-value" x={LABEL + iw + 8} y={y + ROW / 2} dominantBaseline="middle">
                {r.note ?? format(total)}
              </text>
            </g>
          );
        })}
      </svg>
      {segments && <ChartLegend items={segments.map((s, si) => ({ label: s, colour: SERIES_COLOURS[si % SERIES_COLOURS.length]! }))} />}
    </div>
  );
}
