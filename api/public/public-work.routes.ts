import type { Request } from 'express';
import { z } from 'zod';
import { audit } from '../../db/audit-log';
import type { ApiContext } from '../context';
import { readIdempotencyKey } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { receiveUpload } from '../attachments/upload-attachment.route';
import { findRma, findTicket, findVisit } from '../progress/progress-lookups';
import { RmaGateway } from '../rmas/rma-gateway';
import { VisitGateway } from '../visits/visit-gateway';
import { ACCESS_HEADER, requireAccess, type AccessScope } from './customer-access';
import { customerActions, isRatable, loadPublicWork, notAllowedNow, type PublicWork } from './public-work';

/** Who the work's events and the audit trail name for what the customer did on the H5 page. */
export const CUSTOMER_ACTOR = 'customer';

const params = z.object({
  number: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^(TK|RMA|VS)-\d{8}-[0-9A-Z]{8}$/, 'not a service number (TK-, RMA- or VS-YYYYMMDD-XXXXXXXX)'),
});

const instant = z.iso.datetime({ offset: true });
const noteBody = z.object({ text: z.string().trim().min(1, 'write something').max(4000) }).strict();
const rescheduleBody = z
  .object({ windowStart: instant, windowEnd: instant, reason: z.string().trim().min(1).max(500).optional() })
  .strict()
  .superRefine((b, c) => {
    if (Date.parse(b.windowEnd) <= Date.parse(b.windowStart))
      c.addIssue({ code: 'custom', path: ['windowEnd'], message: 'the window must end after it starts' });
    if (Date.parse(b.windowStart) <= Date.now())
      c.addIssue({ code: 'custom', path: ['windowStart'], message: 'propose a time in the future' });
  });
const cancelBody = z.object({ reason: z.string().trim().min(1, 'tell us why').max(500) }).strict();
const ratingBody = z
  .object({
    csat: z.number().int().min(1).max(5).optional(),
    nps: z.number().int().min(0).max(10).optional(),
    comment: z.string().trim().max(1000).optional(),
  })
  .strict()
  .superRefine((b, c) => {
    if (b.csat === undefined && b.nps === undefined)
      c.addIssue({ code: 'custom', path: ['csat'], message: 'give a satisfaction score (1–5) or a recommendation score (0–10)' });
  });
const uploadQuery = z
  .object({ kind: z.enum(['photo', 'video']).default('photo'), name: z.string().trim().min(1).max(200).optional() })
  .strict();

const invalid = (field: string, message: string) =>
  new HttpProblem(422, 'validation_failed', 'The request is not valid', `${field}: ${message}`, [{ field, message }]);

/**
 * What a verified customer does on their work (the token from the progress look-up, or from reporting
 * it for its photos). Each call is recorded on the work itself as the customer's (actor `customer`).
 */
export function publicWorkRoutes(ctx: ApiContext) {
  const visits = new VisitGateway(ctx.temporal);
  const rmas = new RmaGateway(ctx.temporal);
  const verified = async (req: Request, number: string, scopes: AccessScope[] = ['access']) => {
    requireAccess(ctx.attachments.urlSecret(), req.header(ACCESS_HEADER), number, scopes);
    return loadPublicWork(ctx.dataSource, number);
  };
  const updateId = (req: Request, what: string) => {
    const key = readIdempotencyKey(req.header('Idempotency-Key'));
    return key ? `customer-${what}:${key}` : undefined;
  };
  /** A note or an attachment event on the work, in its own vocabulary. */
  const record = async (work: PublicWork, action: 'add-note' | 'add-attachment', payload: Record<string, unknown>, id?: string) => {
    const req = { action, payload, actor: CUSTOMER_ACTOR };
    if (work.kind === 'ticket') await ctx.tickets.act(work.number, req, id);
    else if (work.kind === 'visit') await visits.act(work.number, { ...req, actorRoles: [] }, id);
    else await rmas.act(work.number, { ...req, actorRoles: [] }, id);
  };
  const answer = async (work: PublicWork) => {
    const find = work.kind === 'rma' ? findRma : work.kind === 'visit' ? findVisit : findTicket;
    const found = await find(ctx.dataSource, work.number);
    if (!found) throw HttpProblem.notFound('no service request matches this number');
    const fresh = await loadPublicWork(ctx.dataSource, work.number);
    return {
      headers: { 'Cache-Control': 'no-store' },
      body: { ...(await found.progress()), actions: await customerActions(fresh, visits) },
    };
  };

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/public/work/:number',
      permission: 'public',
      summary: `The verified customer's work again (progress and the actions open to them), with the access token of the look-up in header ${ACCESS_HEADER}.`,
      params,
      handler: async ({ req, params }) => answer(await verified(req, params.number)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/public/work/:number/notes',
      permission: 'public',
      summary:
        'The verified customer adds information to their open ticket, RMA or visit: recorded as a public note by `customer`. Idempotency-Key makes a retry add it once.',
      params,
      body: noteBody,
      async handler({ req, params, body }) {
        const work = await verified(req, params.number);
        if (!work.open) throw notAllowedNow(work, 'adding material', await customerActions(work, visits));
        const text = `【客户补充】${body.text}`;
        await record(work, 'add-note', work.kind === 'ticket' ? { text, visibility: 'public' } : { text }, updateId(req, 'note'));
        await audit(ctx.dataSource, CUSTOMER_ACTOR, 'public.material_added', work.kind, work.number, { note: true });
        return { status: 201, ...(await answer(work)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/public/work/:number/attachments',
      permission: 'public',
      summary:
        'The customer’s photo or video for their open ticket or visit, as the raw body (the same type and size checks as /attachments): with the access token, or the upload token answered when they reported the problem. Recorded on the work as an attachment event by `customer`.',
      params,
      query: uploadQuery,
      async handler({ req, params, query }) {
        const work = await verified(req, params.number, ['upload', 'access']);
        if (work.kind === 'rma') throw invalid('number', 'photos for an RMA go with its pickup; add a note instead');
        if (!work.open) throw notAllowedNow(work, 'adding material', await customerActions(work, visits));
        const stored = await receiveUpload(
          ctx,
          req,
          { ownerType: work.kind, ownerId: work.number, kind: query.kind, ...(query.name ? { name: query.name } : {}) },
          { actor: CUSTOMER_ACTOR, ownerExists: async () => true },
        );
        const att = stored.body as { id: string; url: string; kind: string; name: string | null };
        // The attachment id is the update id: a retried upload (same Idempotency-Key, same attachment) records it once.
        await record(
          work,
          'add-attachment',
          work.kind === 'ticket' ? { url: att.url, kind: att.kind, ...(att.name ? { name: att.name } : {}) } : { attachmentId: att.id },
          `customer-attachment:${att.id}`,
        );
        return { status: stored.status, body: { id: att.id, kind: att.kind, name: att.name } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/public/work/:number/reschedule',
      permission: 'public',
      summary:
        'The verified customer proposes a new window for their visit: the visit’s reschedule action (the old booking cancelled), then the new window booked with the same engineer. 409 when the visit’s flow does not allow it now.',
      params,
      body: rescheduleBody,
      async handler({ req, params, body }) {
        const work = await verified(req, params.number);
        const allowed = await customerActions(work, visits);
        if (work.kind !== 'visit' || !allowed.includes('reschedule')) throw notAllowedNow(work, 'rescheduling', allowed);
        const key = readIdempotencyKey(req.header('Idempotency-Key'));
        const window = `${body.windowStart} – ${body.windowEnd}`;
        const act = (action: string, payload: Record<string, unknown>) =>
          visits.act(
            work.number,
            { action, payload, actor: CUSTOMER_ACTOR, actorRoles: [] },
            key ? `customer-${action}:${key}` : undefined,
          );
        await act('reschedule', { reason: `客户申请改期至 ${window}${body.reason ? `：${body.reason}` : ''}` });
        // With no engineer yet, dispatch books the window the reason names.
        if (work.engineerId)
          await act('schedule', { engineerId: work.engineerId, windowStart: body.windowStart, windowEnd: body.windowEnd });
        await audit(ctx.dataSource, CUSTOMER_ACTOR, 'public.visit_rescheduled', 'visit', work.number, {
          windowStart: body.windowStart,
          windowEnd: body.windowEnd,
        });
        return answer(work);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/public/work/:number/cancel',
      permission: 'public',
      summary: 'The verified customer cancels their visit when its flow allows it (parts and booking released). 409 otherwise.',
      params,
      body: cancelBody,
      async handler({ req, params, body }) {
        const work = await verified(req, params.number);
        const allowed = await customerActions(work, visits);
        if (work.kind !== 'visit' || !allowed.includes('cancel')) throw notAllowedNow(work, 'cancelling', allowed);
        await visits.act(
          work.number,
          { action: 'cancel', payload: { reason: `客户取消：${body.reason}` }, actor: CUSTOMER_ACTOR, actorRoles: [] },
          updateId(req, 'cancel'),
        );
        await audit(ctx.dataSource, CUSTOMER_ACTOR, 'public.visit_cancelled', 'visit', work.number, { reason: body.reason });
        return answer(work);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/public/work/:number/rating',
      permission: 'public',
      summary:
        'The verified customer rates finished work once: CSAT 1–5 and/or NPS 0–10 and a comment, into service_ratings (channel h5). 409 when the work is not finished or was rated already.',
      params,
      body: ratingBody,
      async handler({ req, params, body }) {
        const work = await verified(req, params.number);
        if (!isRatable(work)) throw notAllowedNow(work, 'rating', await customerActions(work, visits));
        const inserted = await ctx.dataSource.transaction(async (tx) => {
          const rows = (await tx.query(
            `INSERT INTO service_ratings (work_kind, work_id, csat, nps, comment, channel, rated_by)
             VALUES ($1, $2, $3, $4, $5, 'h5', $6) ON CONFLICT (work_kind, work_id) DO NOTHING RETURNING id, rated_at`,
            [work.kind, work.number, body.csat ?? null, body.nps ?? null, body.comment ?? null, CUSTOMER_ACTOR],
          )) as { id: string; rated_at: Date }[];
          if (rows.length)
            await audit(tx, CUSTOMER_ACTOR, 'service.rated', work.kind, work.number, {
              csat: body.csat ?? null,
              nps: body.nps ?? null,
              channel: 'h5',
            });
          return rows[0] ?? null;
        });
        if (!inserted) throw new HttpProblem(409, 'already_rated', 'Already rated', `this ${work.kind} has been rated already; thank you`);
        // A work item still running hears it as a note; a closed one has only the audit row and the rating.
        if (work.open || (work.kind === 'ticket' && work.status === 'resolved')) {
          const parts = [
            body.csat !== undefined ? `满意度 ${body.csat}/5` : null,
            body.nps !== undefined ? `推荐度 ${body.nps}/10` : null,
            body.comment || null,
          ];
          await record(
            work,
            'add-note',
            work.kind === 'ticket'
              ? { text: `【客户评价】${parts.filter(Boolean).join('；')}`, visibility: 'public' }
              : { text: `【客户评价】${parts.filter(Boolean).join('；')}` },
            `customer-rating:${work.number}`,
          ).catch((err) =>
            ctx.log.warn('rating note not recorded on the work', {
              number: work.number,
              error: err instanceof Error ? err.message : String(err),
            }),
          );
        }
        return {
          status: 201,
          body: { number: work.number, csat: body.csat ?? null, nps: body.nps ?? null, ratedAt: inserted.rated_at.toISOString() },
        };
      },
    }),
  ];
}
