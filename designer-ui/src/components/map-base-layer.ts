import L from 'leaflet';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Topology } from 'topojson-specification';

/**
 * The built-in offline base map: country outlines and coastlines from Natural Earth 1:50m
 * (world-atlas, ISC licence; public-domain data), drawn as SVG paths. It is loaded on demand — a static
 * JSON asset (~750 kB, ~240 kB gzipped) fetched only when the map has no tiles — so neither the main
 * bundle nor a map with working tiles pays for it.
 */
let countries: Promise<FeatureCollection<Geometry, { name?: string }>> | null = null;

function loadCountries() {
  countries ??= Promise.all([
    // the TopoJSON as a static asset: fetched and JSON.parse'd only when needed, never bundled as script
    import('world-atlas/countries-50m.json?url').then(({ default: url }) =>
      fetch(url).then((r) => {
        if (!r.ok) throw new Error(`offline base map: HTTP ${r.status}`);
        return r.json() as Promise<Topology>;
      }),
    ),
    import('topojson-client'),
  ]).then(
    ([topology, topo]) => topo.feature(topology, topology.objects.countries!) as unknown as FeatureCollection<Geometry, { name?: string }>,
  );
  // a failed fetch may be retried by the next map
  countries.catch(() => {
    countries = null;
  });
  return countries;
}

// ISO 3166 numeric codes drawn as China: the mainland, and Taiwan as Natural Earth keeps it apart.
const CHINA_IDS = new Set(['156', '158']);

/** Paths of the base map go into their own pane under the markers, with their own SVG renderer. */
const PANE = 'offline-base';

/** Adds the offline base layer to `map` (once); resolves to the layer, to remove when tiles come back. */
export async function addOfflineBaseLayer(map: L.Map): Promise<L.GeoJSON> {
  const data = await loadCountries();
  if (!map.getPane(PANE)) {
    const pane = map.createPane(PANE);
    // above the tile pane (200), below overlays and markers (400+)
    pane.style.zIndex = '250';
    pane.style.pointerEvents = 'none';
  }
  // GeoJSON hands its options to each polygon it makes, renderer included (the typings omit it).
  const options: L.GeoJSONOptions<{ name?: string }> & L.PathOptions = {
    pane: PANE,
    renderer: L.svg({ pane: PANE, padding: 0.5 }),
    interactive: false,
    style: (f?: Feature<Geometry, { name?: string }>) => {
      const china = CHINA_IDS.has(String(f?.id ?? ''));
      return {
        className: china ? 'map-base-land map-base-china' : 'map-base-land',
        weight: china ? 1.2 : 0.8,
        fill: true,
        fillOpacity: 1,
        smoothFactor: 1.5,
      };
    },
  };
  return L.geoJSON(data, options).addTo(map);
}
