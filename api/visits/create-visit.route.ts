import { z } from 'zod';
import type { ApiContext } from '../context';
import { claimIdempotencyKey, readIdempotencyKey, requestHash } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { defineRoute, type RouteResult } from '../http/route';
import { pickEngineer } from './visit-dispatch';
import type { VisitGateway } from './visit-gateway';
import { newVisitId, visitWorkOf } from './visit-gateway';
import { actorOf, invalid, visitAnswer } from './visit-http';

const latLng = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict();
const id = z.string().trim().min(1).max(128);
const instant = z.iso.datetime({ offset: true });

const body = z
  .object({
    ticketId: z.string().trim().min(1).max(64).optional(),
    siteId: id.optional(),
    address: z.string().trim().min(1).max(500).optional(),
    location: latLng.optional(),
    region: z.string().trim().min(1).max(64).optional(),
    customerId: id.optional(),
    assetId: id.optional(),
    skills: z
      .object({
        productLine: z.string().trim().min(1).max(64).optional(),
        issueType: z.string().trim().min(1).max(64).optional(),
        region: z.string().trim().min(1).max(64).optional(),
        minLevel: z.number().int().min(1).max(5).optional(),
      })
      .strict()
      .default({}),
    parts: z
      .array(z.object({ partCode: z.string().trim().min(1).max(64), qty: z.number().int().min(1).max(1000) }).strict())
      .max(50)
      .default([]),
    preferredWindow: z
      .object({ start: instant, end: instant })
      .strict()
      .refine((w) => Date.parse(w.end) > Date.parse(w.start), { message: 'must be after start', path: ['end'] })
      .optional(),
    /** skip dispatch: this engineer (needs preferredWindow to book) */
    engineerId: id.optional(),
    priority: z.enum(['P1', 'P2', 'P3', 'P4']).default('P3'),
    /** repair (a fault), patrol (巡查) or follow-up (回访, seed 001 §3.1.9): the same visit steps, no fault needed */
    purpose: z.enum(['repair', 'patrol', 'follow-up']).default('repair'),
    description: z.string().trim().max(10_000).optional(),
    /** whom the confirmation call rings (default: the site's contact, else the customer's phone) */
    contactPhone: z.string().trim().min(3).max(40).optional(),
  })
  .strict()
  .refine((b) => !!b.siteId || (!!b.address && !!b.location), { message: 'give siteId, or address and location', path: ['siteId'] });

export const createVisitRoute = (ctx: ApiContext, gateway: VisitGateway) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/visits',
    permission: 'visits:create',
    summary:
      'Open an on-site visit (上门) at a site (or an address with a location), optionally for a ticket. With a preferred window and no engineer, dispatch picks the best-ranked field engineer (score breakdown kept on the visit) and the window is booked at once. Idempotent with Idempotency-Key.',
    body,
    async handler({ req, body, principal }): Promise<RouteResult> {
      const actor = actorOf(principal);
      const key = readIdempotencyKey(req.header('Idempotency-Key'));
      const receivedAt = new Date();
      let visitId = newVisitId(receivedAt);
      if (key) {
        const claim = await claimIdempotencyKey(ctx.dataSource, {
          scope: 'visits',
          key,
          hash: requestHash(body),
          resourceType: 'visit',
          candidateId: visitId,
        });
        if (claim.replay) {
          visitId = claim.resourceId;
          const known = await ctx.dataSource.query(`SELECT 1 FROM visits WHERE visit_id = $1`, [visitId]);
          if (known.length)
            return { status: 200, headers: { 'Idempotent-Replayed': 'true' }, body: await visitAnswer(ctx.dataSource, gateway, visitId) };
        }
      }
      let site: { lat: number; lng: number; address: string | null; region: string | null; customerId: string | null };
      if (body.siteId) {
        const [row] = (await ctx.dataSource.query(`SELECT customer_id, region, address, lat, lng FROM sites WHERE id = $1`, [
          body.siteId,
        ])) as {
          customer_id: string;
          region: string | null;
          address: string;
          lat: string | null;
          lng: string | null;
        }[];
        if (!row) throw invalid('siteId', `no site ${body.siteId}`);
        if (row.lat === null || row.lng === null) throw invalid('siteId', `site ${body.siteId} has no coordinates`);
        site = { lat: Number(row.lat), lng: Number(row.lng), address: row.address, region: row.region, customerId: row.customer_id };
      } else {
        site = { ...body.location!, address: body.address!, region: null, customerId: null };
      }
      if (body.engineerId && !body.preferredWindow)
        throw invalid('preferredWindow', 'an engineer is booked for a window: give preferredWindow');
      const region = body.region ?? site.region ?? body.skills.region ?? null;
      const work = visitWorkOf(visitId, {
        ticketId: body.ticketId ?? null,
        siteId: body.siteId ?? null,
        assetId: body.assetId ?? null,
        customerId: body.customerId ?? site.customerId,
        site,
        region,
        skills: body.skills,
        parts: body.parts,
        preferredWindow: body.preferredWindow ?? null,
        priority: body.priority,
        description: body.description ?? null,
        contactPhone: body.contactPhone ?? null,
      });
      // Dispatch before the visit exists, so a visit nobody can take says why at once.
      let dispatch = null;
      let excluded: { engineerId: string; excluded: string[] }[] = [];
      if (!body.engineerId && body.preferredWindow) {
        const picked = await pickEngineer(ctx.dataSource, {
          site,
          skills: body.skills,
          parts: body.parts,
          windowStart: body.preferredWindow.start,
          windowEnd: body.preferredWindow.end,
        });
        dispatch = picked.chosen;
        excluded = picked.excluded;
      }
      const created = await gateway.create(
        visitId,
        { ...work, purpose: body.purpose, dispatchExcluded: dispatch ? [] : excluded },
        actor,
        receivedAt,
      );
      if (!created) throw new HttpProblem(409, 'visit_finished', 'Visit already finished', `visit ${visitId} has already ended`);
      const engineerId = body.engineerId ?? dispatch?.engineerId;
      let snapshot = created;
      if (engineerId && body.preferredWindow && created.availableActions.includes('schedule')) {
        snapshot = await gateway.act(
          visitId,
          {
            action: 'schedule',
            payload: {
              engineerId,
              windowStart: body.preferredWindow.start,
              windowEnd: body.preferredWindow.end,
              ...(dispatch ? { dispatch } : {}),
            },
            actor: dispatch ? 'system:dispatch' : actor,
          },
          `create-schedule:${visitId}`,
        );
      }
      return {
        status: 201,
        headers: { Location: `/api/v1/visits/${visitId}` },
        body: {
          ...(await visitAnswer(ctx.dataSource, gateway, visitId, snapshot)),
          dispatch,
          ...(dispatch ? {} : { dispatchExcluded: excluded }),
        },
      };
    },
  });
