import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import type { Site } from '../api/archive-types';
import { useI18n } from '../i18n';

/**
 * Where map tiles come from: `localStorage['fixflow.mapTiles']` (set in the browser, e.g. to the
 * company's own tile server), else VITE_MAP_TILE_URL at build time, else OpenStreetMap. "none"
 * draws no tiles at all: markers on a plain background with a 5° grid, which is also what the map
 * falls back to when tiles cannot be loaded (no internet, blocked host).
 */
export function tileUrl(): string | null {
  let url: string | null | undefined;
  try {
    url = localStorage.getItem('fixflow.mapTiles');
  } catch {
    url = null;
  }
  url ??= (import.meta.env.VITE_MAP_TILE_URL as string | undefined) ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
  return url && url !== 'none' ? url : null;
}

/** Status colours of the markers; the legend and the CSS badges use the same ones. */
export const SITE_COLORS: Record<string, string> = {
  active: '#1a8a4d',
  fault: '#d1333f',
  planned: '#1d64d8',
  inactive: '#8a94a3',
};

/** Tiles that failed before any loaded: after this many the layer is dropped and the plain map shown. */
const TILE_FAILURES_BEFORE_FALLBACK = 4;

export function hasCoordinates(s: Site): boolean {
  return s.lat !== null && s.lat !== undefined && s.lat !== '' && s.lng !== null && s.lng !== undefined && s.lng !== '';
}

/** China's mainland, for a map with nothing on it yet. */
const CHINA: L.LatLngBoundsExpression = [
  [18, 73],
  [54, 135],
];

interface Props {
  sites: Site[];
  selectedId: string | null;
  onSelect: (siteId: string) => void;
}

/** A Leaflet map of sites as status-coloured circle markers; clicking one selects it. */
export function SiteMap({ sites, selectedId, onSelect }: Props) {
  const { t, label, lang } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const markers = useRef<L.FeatureGroup | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const [tiles, setTiles] = useState<'loading' | 'ok' | 'off' | 'failed'>(() => (tileUrl() ? 'loading' : 'off'));

  useEffect(() => {
    const m = L.map(el.current!, { zoomControl: true, attributionControl: true, worldCopyJump: false, minZoom: 3 });
    m.fitBounds(CHINA);
    map.current = m;
    markers.current = L.featureGroup().addTo(m);
    const grid = () => {
      // A 5° graticule gives a plain background some orientation.
      const lines = L.layerGroup();
      for (let lat = 15; lat <= 55; lat += 5)
        L.polyline(
          [
            [lat, 70],
            [lat, 140],
          ],
          { className: 'graticule', interactive: false, weight: 1 },
        ).addTo(lines);
      for (let lng = 70; lng <= 140; lng += 5)
        L.polyline(
          [
            [15, lng],
            [55, lng],
          ],
          { className: 'graticule', interactive: false, weight: 1 },
        ).addTo(lines);
      lines.addTo(m);
      lines.eachLayer((l) => (l as L.Path).bringToBack());
    };
    const url = tileUrl();
    if (url) {
      let loaded = 0;
      let failed = 0;
      const layer = L.tileLayer(url, {
        maxZoom: 18,
        attribution: url.includes('openstreetmap') ? '&copy; OpenStreetMap contributors' : '',
      });
      layer.on('tileload', () => {
        loaded++;
        setTiles('ok');
      });
      layer.on('tileerror', () => {
        failed++;
        if (loaded === 0 && failed >= TILE_FAILURES_BEFORE_FALLBACK && m.hasLayer(layer)) {
          m.removeLayer(layer);
          grid();
          setTiles('failed');
        }
      });
      layer.addTo(m);
    } else {
      grid();
    }
    return () => {
      m.remove();
      map.current = null;
      markers.current = null;
    };
  }, []);

  // Redraw the markers when the sites change (and frame them all) or the language does (tooltips).
  const framed = useRef<Site[] | null>(null);
  useEffect(() => {
    const group = markers.current;
    const m = map.current;
    if (!group || !m) return;
    group.clearLayers();
    for (const s of sites) {
      if (!hasCoordinates(s)) continue;
      const color = SITE_COLORS[s.status] ?? SITE_COLORS.inactive!;
      const marker = L.circleMarker([Number(s.lat), Number(s.lng)], {
        radius: 7,
        color: '#ffffff',
        weight: 2,
        fillColor: color,
        fillOpacity: 0.9,
        className: `site-marker site-marker-${s.status}`,
        bubblingMouseEvents: false,
      });
      marker.bindTooltip(`${s.name} · ${label('siteStatus', s.status)}`, { direction: 'top', offset: [0, -6] });
      marker.on('click', () => onSelectRef.current(s.id));
      // lets the browser check find a marker's site
      marker.on('add', () => marker.getElement()?.setAttribute('data-site', s.id));
      marker.addTo(group);
    }
    if (framed.current !== sites) {
      framed.current = sites;
      const bounds = group.getBounds();
      if (bounds.isValid()) m.fitBounds(bounds, { padding: [30, 30], maxZoom: 12, animate: false });
    }
  }, [sites, lang]);

  // The selected site stands out.
  useEffect(() => {
    markers.current?.eachLayer((l) => {
      const marker = l as L.CircleMarker;
      const selected = marker.getElement()?.getAttribute('data-site') === selectedId;
      marker.setRadius(selected ? 11 : 7);
      marker.setStyle({ color: selected ? '#142a4c' : '#ffffff', weight: selected ? 3 : 2 });
      if (selected) marker.bringToFront();
    });
  }, [selectedId, sites, lang]);

  return (
    // The tile state is a class of the wrapper: Leaflet adds its own classes to the map element, which
    // React would wipe if it re-rendered that element's className.
    <div className={`site-map-wrap tiles-${tiles}`}>
      <div ref={el} className="site-map" role="region" aria-label={t('sites.mapLabel')} />
      {tiles === 'failed' && (
        <p className="map-notice" role="status">
          {t('sites.tilesFailed')}
        </p>
      )}
      <ul className="map-legend" aria-label={t('sites.legend')}>
        {Object.entries(SITE_COLORS).map(([status, color]) => (
          <li key={status}>
            <span className="legend-dot" style={{ background: color }} />
            {label('siteStatus', status)}
          </li>
        ))}
      </ul>
    </div>
  );
}
