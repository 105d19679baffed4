import { z } from 'zod';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { visitView, type VisitRow } from '../visits/visit-queries';
import { engineerOf } from './engineer-scope';

/** Days are the service desk's: China Standard Time, UTC+8 all year. */
const DAY_OFFSET = '+08:00';
const todayCst = (now = new Date()) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const OPEN_STATUSES_DONE = ['closed', 'cancelled'];

const query = z
  .object({
    /** the first day (China time), default today */
    date: z.iso.date().optional(),
    /** how many days from `date` */
    days: z.coerce.number().int().min(1).max(14).default(1),
    /** whose day: a dispatcher or an API token names the engineer; an engineer sees their own */
    engineerId: z.string().trim().min(1).max(128).optional(),
  })
  .strict();

/** What the phone list needs of a visit, kept small for slow networks. */
const listItem = (r: VisitRow) => {
  const v = visitView(r) as Record<string, unknown> & ReturnType<typeof visitView>;
  return {
    visitId: v.visitId,
    status: v.status,
    purpose: (v.purpose as string | undefined) ?? 'repair',
    priority: v.priority ?? null,
    windowStart: v.windowStart,
    windowEnd: v.windowEnd,
    address: v.address ?? null,
    contactPhone: (v.contactPhone as string | null | undefined) ?? null,
    lat: v.siteLat ?? null,
    lng: v.siteLng ?? null,
    description: v.description ?? null,
    ticketId: v.ticketId,
    engineerId: v.engineerId,
  };
};

export const listMyVisitsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/me/visits',
    permission: 'visits:read',
    summary:
      "The signed-in engineer's visits (工程师的任务) booked on `date` (China time, default today) and the `days` after it, earliest first, plus visits still open from earlier days. An engineer sees their own; a wider role names engineerId.",
    query,
    async handler({ query, principal }) {
      const engineerId = engineerOf(principal, query.engineerId);
      const date = query.date ?? todayCst();
      const from = new Date(`${date}T00:00:00${DAY_OFFSET}`);
      const to = new Date(from.getTime() + query.days * 86_400_000);
      const rows = (await ctx.dataSource.query(
        `SELECT * FROM visits
          WHERE engineer_id = $1
            AND ((window_start >= $2 AND window_start < $3) OR (window_start < $2 AND status <> ALL($4)))
          ORDER BY window_start, visit_id LIMIT 200`,
        [engineerId, from, to, OPEN_STATUSES_DONE],
      )) as VisitRow[];
      return { body: { engineerId, date, days: query.days, items: rows.map(listItem) } };
    },
  });
