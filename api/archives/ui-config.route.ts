import { z } from 'zod';
import { defineRoute } from '../http/route';

/**
 * Where the console's map takes its tiles from, set by the operator: a tile URL template
 * (`https://tiles.example.cn/{z}/{x}/{y}.png`, `{s}` allowed) or `none` for the built-in offline base
 * layer only. Unset leaves the choice to the UI (build-time VITE_MAP_TILE_URL, else OpenStreetMap).
 */
export const mapTileUrlSchema = z
  .string()
  .trim()
  .refine((v) => v === 'none' || (/^https?:\/\//.test(v) && v.includes('{z}') && v.includes('{x}') && v.includes('{y}')), {
    message: 'a tile URL template with {z}, {x} and {y}, or "none"',
  });

/** Read per request so an operator's change needs only a restart, and a bad value is reported, not fatal. */
export function mapTileUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  const raw = env.FIXFLOW_MAP_TILE_URL;
  if (raw === undefined || raw.trim() === '') return null;
  const parsed = mapTileUrlSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export const uiConfigRoute = () =>
  defineRoute({
    method: 'get',
    path: '/api/v1/ui-config',
    permission: 'public',
    summary:
      'Settings the console needs before anyone signs in: mapTileUrl (FIXFLOW_MAP_TILE_URL; a tile URL template, "none" for the offline base layer only, or null for the UI default).',
    async handler() {
      return { body: { mapTileUrl: mapTileUrl() }, headers: { 'Cache-Control': 'no-cache' } };
    },
  });
