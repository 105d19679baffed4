import { request } from '../api/client';

/** The per-browser override (a tile URL template or "none"), e.g. set by a support engineer. */
export const TILE_OVERRIDE_KEY = 'fixflow.mapTiles';
const OSM = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

let serverSetting: Promise<string | null> | null = null;

/** FIXFLOW_MAP_TILE_URL as the server tells it (GET /api/v1/ui-config); null when unset or unreachable. */
function serverTileUrl(): Promise<string | null> {
  serverSetting ??= request<{ mapTileUrl: string | null }>('/api/v1/ui-config')
    .then((r) => r.data.mapTileUrl ?? null)
    .catch(() => null);
  return serverSetting;
}

function browserOverride(): string | null {
  try {
    return localStorage.getItem(TILE_OVERRIDE_KEY);
  } catch {
    return null;
  }
}

/**
 * Where map tiles come from, first hit wins: this browser's override (`localStorage['fixflow.mapTiles']`),
 * the server's FIXFLOW_MAP_TILE_URL, VITE_MAP_TILE_URL at build time, OpenStreetMap. "none" (at any of
 * them) means no tiles: the built-in offline base layer only. Null = no tiles.
 */
export async function resolveTileUrl(): Promise<string | null> {
  const url = browserOverride() ?? (await serverTileUrl()) ?? (import.meta.env.VITE_MAP_TILE_URL as string | undefined) ?? OSM;
  return url && url !== 'none' ? url : null;
}

/** Attribution owed for the tiles, as far as we can tell from the URL. */
export function tileAttribution(url: string): string {
  return url.includes('openstreetmap') ? '&copy; OpenStreetMap contributors' : '';
}
