import { z } from 'zod';
import { DEFAULT_MAX_DISTANCE_KM, DISPATCH_WEIGHTS, rankEngineers } from '../../domain/dispatch/engineer-ranking';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { loadFieldEngineers, siteLocations } from './dispatch-queries';

const latLng = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict();

const body = z
  .object({
    siteId: z.string().trim().min(1).max(128).optional(),
    location: latLng.optional(),
    skills: z
      .object({
        productLine: z.string().trim().min(1).max(64).optional(),
        issueType: z.string().trim().min(1).max(64).optional(),
        region: z.string().trim().min(1).max(64).optional(),
        minLevel: z.number().int().min(1).max(5).optional(),
      })
      .strict()
      .default({}),
    parts: z.record(z.string().min(1).max(64), z.number().int().min(1).max(1000)).default({}),
    window: z
      .object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) })
      .strict()
      .refine((w) => Date.parse(w.end) > Date.parse(w.start), { message: 'must be after start', path: ['end'] }),
    maxDistanceKm: z.number().positive().max(2000).default(DEFAULT_MAX_DISTANCE_KM),
    limit: z.number().int().min(1).max(100).default(10),
  })
  .strict()
  .refine((b) => !!b.siteId !== !!b.location, { message: 'give either siteId or location', path: ['siteId'] });

export const dispatchCandidatesRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/dispatch/candidates',
    permission: 'routing:read',
    summary:
      'Field engineers for a visit at a site (siteId, or lat/lng) in a promised window, best first, with a score breakdown out of 100 (distance 40, skill 25, workload 15, parts on hand 20) and, for those left out, why (away, too far, skills, outside working hours, on leave or busy).',
    body,
    async handler({ body }) {
      const site = body.siteId
        ? (await siteLocations(ctx.dataSource, [{ siteId: body.siteId, field: 'siteId' }])).get(body.siteId)!
        : body.location!;
      const window = { start: new Date(body.window.start), end: new Date(body.window.end) };
      const engineers = await loadFieldEngineers(ctx.dataSource, window);
      const ranked = rankEngineers(engineers, { site, skills: body.skills, parts: body.parts, window, maxDistanceKm: body.maxDistanceKm });
      const eligible = ranked.filter((r) => r.eligible);
      return {
        body: {
          site,
          weights: DISPATCH_WEIGHTS,
          best: eligible[0]?.engineerId ?? null,
          candidates: eligible.slice(0, body.limit),
          excluded: ranked.filter((r) => !r.eligible),
        },
      };
    },
  });
