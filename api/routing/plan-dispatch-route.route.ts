import { z } from 'zod';
import { planDayRoute } from '../../domain/dispatch/day-route';
import { routingIdSchema } from '../../domain/routing/agent-profile';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { siteLocations } from './dispatch-queries';
import { loadAgent } from './routing-queries';

const latLng = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict();
const stop = z
  .object({ id: z.string().trim().min(1).max(128), siteId: z.string().trim().min(1).max(128).optional(), location: latLng.optional() })
  .strict()
  .refine((s) => !!s.siteId !== !!s.location, { message: 'give either siteId or location', path: ['siteId'] });

const body = z
  .object({
    engineerId: routingIdSchema,
    /** where the day starts; absent = the engineer's location */
    start: latLng.optional(),
    stops: z
      .array(stop)
      .min(1)
      .max(40)
      .refine((s) => new Set(s.map((x) => x.id)).size === s.length, { message: 'stop ids must be unique' }),
  })
  .strict();

export const planDispatchRouteRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/dispatch/route',
    permission: 'routing:read',
    summary:
      'A visiting order for one engineer’s day over the given stops (sites or lat/lng), from their location: nearest neighbour improved by 2-opt and Or-opt, with each leg and the total in km (straight-line).',
    body,
    async handler({ body }) {
      const engineer = await loadAgent(ctx.dataSource, body.engineerId);
      const start =
        body.start ?? (engineer.lat !== null && engineer.lng !== null ? { lat: Number(engineer.lat), lng: Number(engineer.lng) } : null);
      if (!start) {
        throw new HttpProblem(422, 'validation_failed', 'The request is not valid', 'start: the engineer has no location; give start', [
          { field: 'start', message: 'the engineer has no location; give start' },
        ]);
      }
      const sites = await siteLocations(
        ctx.dataSource,
        body.stops.flatMap((s, i) => (s.siteId ? [{ siteId: s.siteId, field: `stops.${i}.siteId` }] : [])),
      );
      const stops = body.stops.map((s) => ({ id: s.id, ...(s.siteId ? sites.get(s.siteId)! : s.location!) }));
      const route = planDayRoute(start, stops);
      return { body: { engineerId: engineer.id, start, ...route } };
    },
  });
