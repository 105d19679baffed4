import type { TaskItem } from './engineer-client';
import { cstTime, useT } from './engineer-i18n';

const W = 336;
const H = 300;
const PAD = 24;

/**
 * The day's sites as numbered points on a plain plot (no tiles, no map library: this page is for
 * a phone on a slow network). North is up; the scale bar gives the distances. A point opens its task.
 */
export function TaskMap({ tasks, onOpen }: { tasks: TaskItem[]; onOpen: (visitId: string) => void }) {
  const { t } = useT();
  const points = tasks.filter((v) => v.lat !== null && v.lng !== null);
  if (!points.length) return <p>{t('noTasks')}</p>;
  const lats = points.map((p) => p.lat!);
  const lngs = points.map((p) => p.lng!);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  // metres per degree here; longitude shrinks with the cosine of the latitude
  const my = 111_320;
  const mx = 111_320 * Math.cos((midLat * Math.PI) / 180);
  const spanX = Math.max((Math.max(...lngs) - Math.min(...lngs)) * mx, 500);
  const spanY = Math.max((Math.max(...lats) - Math.min(...lats)) * my, 500);
  const scale = Math.min((W - 2 * PAD) / spanX, (H - 2 * PAD) / spanY);
  const cx = (Math.min(...lngs) + Math.max(...lngs)) / 2;
  const cy = midLat;
  const xy = (p: TaskItem) => [W / 2 + (p.lng! - cx) * mx * scale, H / 2 - (p.lat! - cy) * my * scale] as const;
  const bar = [100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000].find((m) => m * scale >= 60) ?? 100_000;
  return (
    <>
      <svg className="eng-map" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('map')}>
        <rect x="0" y="0" width={W} height={H} fill="#eef2f6" />
        {points.map((p, i) => {
          const [x, y] = xy(p);
          return (
            <g
              key={p.visitId}
              className="eng-map-pin"
              transform={`translate(${x.toFixed(1)},${y.toFixed(1)})`}
              onClick={() => onOpen(p.visitId)}
              role="link"
              tabIndex={0}
              aria-label={`${i + 1} ${cstTime(p.windowStart)} ${p.address ?? ''}`}
              onKeyDown={(e) => e.key === 'Enter' && onOpen(p.visitId)}
            >
              <circle r="12" fill={p.purpose === 'repair' ? '#1d64d8' : '#1a8a4d'} stroke="#fff" strokeWidth="2" />
              <text textAnchor="middle" dy="4" fill="#fff" fontSize="12" fontWeight="600">
                {i + 1}
              </text>
            </g>
          );
        })}
        <g transform={`translate(12,${H - 14})`}>
          <line x1="0" y1="0" x2={bar * scale} y2="0" stroke="#333" strokeWidth="2" />
          <text x="0" y="-4" fontSize="10" fill="#333">
            {bar >= 1000 ? `${bar / 1000} km` : `${bar} m`}
          </text>
        </g>
        <text x={W - 14} y="18" fontSize="12" fill="#333" textAnchor="middle">
          N↑
        </text>
      </svg>
      <ol className="eng-map-legend">
        {points.map((p) => (
          <li key={p.visitId}>
            <a href={`#/visits/${p.visitId}`}>
              {cstTime(p.windowStart)} {p.address ?? p.visitId}
            </a>
          </li>
        ))}
      </ol>
    </>
  );
}
