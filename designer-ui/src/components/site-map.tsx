import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import type { Site } from '../api/archive-types';
import { useI18n } from '../i18n';
import { addOfflineBaseLayer } from './map-base-layer';
import { resolveTileUrl, tileAttribution } from './map-tiles';

/** Status colours of the markers; the legend and the CSS badges use the same ones. */
export const SITE_COLORS: Record<string, string> = {
  active: '#1a8a4d',
  fault: '#d1333f',
  planned: '#1d64d8',
  inactive: '#8a94a3',
};

/** Colours of the open-ticket badge by the site's most urgent open ticket (CSS classes map-ticket-P1…P4). */
export const PRIORITY_COLORS: Record<string, string> = {
  P1: '#b42318',
  P2: '#e8590c',
  P3: '#9a6a00',
  P4: '#5b6b80',
};

/** Tiles that failed before any loaded: after this many the layer is dropped and the offline base map shown. */
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

type TileState = 'loading' | 'ok' | 'off' | 'failed';

/**
 * A Leaflet map of sites as status-coloured circle markers, with a badge counting a site's open
 * tickets coloured by the most urgent one; clicking either selects the site. Tiles come from
 * map-tiles.ts; when there are none or they fail, the offline base layer (map-base-layer.ts) is drawn.
 */
export function SiteMap({ sites, selectedId, onSelect }: Props) {
  const { t, label, lang } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const markers = useRef<L.FeatureGroup | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const [tiles, setTiles] = useState<TileState>('loading');
  const [base, setBase] = useState<'none' | 'loading' | 'shown'>('none');

  useEffect(() => {
    const m = L.map(el.current!, { zoomControl: true, attributionControl: true, worldCopyJump: false, minZoom: 3 });
    m.fitBounds(CHINA);
    map.current = m;
    markers.current = L.featureGroup().addTo(m);
    let gone = false;
    let baseLayer: L.Layer | null = null;
    const showBase = () => {
      if (baseLayer || gone) return;
      setBase('loading');
      addOfflineBaseLayer(m)
        .then((layer) => {
          if (gone) return;
          baseLayer = layer;
          m.attributionControl.addAttribution('Natural Earth');
          setBase('shown');
        })
        .catch(() => setBase('none'));
    };
    void resolveTileUrl().then((url) => {
      if (gone) return;
      if (!url) {
        setTiles('off');
        showBase();
        return;
      }
      let loaded = 0;
      let failed = 0;
      const layer = L.tileLayer(url, { maxZoom: 18, attribution: tileAttribution(url) });
      layer.on('tileload', () => {
        loaded++;
        setTiles('ok');
      });
      layer.on('tileerror', () => {
        failed++;
        if (loaded === 0 && failed >= TILE_FAILURES_BEFORE_FALLBACK && m.hasLayer(layer)) {
          m.removeLayer(layer);
          setTiles('failed');
          showBase();
        }
      });
      layer.addTo(m);
    });
    return () => {
      gone = true;
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
      const at: L.LatLngTuple = [Number(s.lat), Number(s.lng)];
      const color = SITE_COLORS[s.status] ?? SITE_COLORS.inactive!;
      const open = s.openTicketCount ?? 0;
      const tip = `${s.name} · ${label('siteStatus', s.status)}${
        open > 0 ? ` · ${t('sites.ticketBadge', { count: open, priority: label('priority', s.worstOpenPriority ?? '') })}` : ''
      }`;
      const marker = L.circleMarker(at, {
        radius: 7,
        color: '#ffffff',
        weight: 2,
        fillColor: color,
        fillOpacity: 0.9,
        className: `site-marker site-marker-${s.status}`,
        bubblingMouseEvents: false,
      });
      marker.bindTooltip(tip, { direction: 'top', offset: [0, -6] });
      marker.on('click', () => onSelectRef.current(s.id));
      // lets the browser check find a marker's site
      marker.on('add', () => marker.getElement()?.setAttribute('data-site', s.id));
      marker.addTo(group);
      if (open > 0) {
        // A focusable badge up and to the right of the dot: Enter on it selects the site too.
        const prio = s.worstOpenPriority ?? 'P4';
        const badge = L.marker(at, {
          icon: L.divIcon({
            className: `map-ticket-badge map-ticket-${prio}`,
            html: String(open > 99 ? '99+' : open),
            iconSize: [22, 18],
            // up and to the right of the dot, so both stay clickable
            iconAnchor: [-4, 22],
          }),
          title: tip,
          alt: tip,
          keyboard: true,
          riseOnHover: true,
          bubblingMouseEvents: false,
        });
        badge.on('click', () => onSelectRef.current(s.id));
        // Leaflet's own Enter handling only opens popups; as a role=button, Enter and Space select
        badge.on('keypress', (e) => {
          const key = (e as L.LeafletKeyboardEvent).originalEvent.key;
          if (key === 'Enter' || key === ' ') onSelectRef.current(s.id);
        });
        badge.on('add', () => {
          const e = badge.getElement();
          e?.setAttribute('data-site', s.id);
          e?.setAttribute('role', 'button');
          e?.setAttribute('aria-label', tip);
        });
        badge.addTo(group);
      }
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
      if (!(l instanceof L.CircleMarker)) return;
      const selected = l.getElement()?.getAttribute('data-site') === selectedId;
      l.setRadius(selected ? 11 : 7);
      l.setStyle({ color: selected ? '#142a4c' : '#ffffff', weight: selected ? 3 : 2 });
      if (selected) l.bringToFront();
    });
  }, [selectedId, sites, lang]);

  return (
    // The tile state is a class of the wrapper: Leaflet adds its own classes to the map element, which
    // React would wipe if it re-rendered that element's className.
    <div className={`site-map-wrap tiles-${tiles} base-${base}`}>
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
        <li className="legend-tickets">{t('sites.legendTickets')}</li>
        {Object.entries(PRIORITY_COLORS).map(([prio, color]) => (
          <li key={prio}>
            <span className="legend-badge" style={{ background: color }} aria-hidden="true">
              2
            </span>
            {label('priority', prio)}
          </li>
        ))}
      </ul>
    </div>
  );
}
