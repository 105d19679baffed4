import { z } from 'zod';
import {
  attachmentsOf,
  isVisitAction,
  parseVisitPayload,
  VISIT_ACTION_NAMES,
  type VisitActionName,
} from '../../domain/visit/visit-actions';
import type { ApiContext } from '../context';
import { assertOwnVisit } from '../me/engineer-scope';
import { readIdempotencyKey } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { pickEngineer } from './visit-dispatch';
import type { VisitGateway } from './visit-gateway';
import { actorOf, checkVisitAttachments, invalid, visitAnswer } from './visit-http';
import { loadVisit, VISIT_ID_PATTERN } from './visit-queries';

const params = z
  .object({ id: z.string().regex(VISIT_ID_PATTERN, 'a visit id like VS-20261122-7F3K9Q2M'), action: z.string().min(1).max(64) })
  .strict();
const instant = z.iso.datetime({ offset: true });
/** The API's extras: schedule may leave the engineer to dispatch; reschedule may name the new window at once. */
const scheduleBody = z
  .object({
    engineerId: z.string().trim().min(1).max(128).optional(),
    windowStart: instant,
    windowEnd: instant,
    note: z.string().max(2000).optional(),
  })
  .strict();
const rescheduleBody = z
  .object({
    reason: z.string().trim().min(1).max(2000),
    windowStart: instant.optional(),
    windowEnd: instant.optional(),
    engineerId: z.string().trim().min(1).max(128).optional(),
  })
  .strict()
  .refine((b) => (b.windowStart === undefined) === (b.windowEnd === undefined), {
    message: 'give windowStart and windowEnd together',
    path: ['windowEnd'],
  });

export const actOnVisitRoute = (ctx: ApiContext, gateway: VisitGateway) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/visits/:id/actions/:action',
    permission: 'visits:act',
    summary: `Act on a visit: ${VISIT_ACTION_NAMES.join(', ')}. schedule without engineerId lets dispatch choose; reschedule with a new window books it at once (reserved parts stay); cancel releases the parts and the booking. 409 names the state and the actions allowed now; 422 the field at fault. Idempotent with Idempotency-Key.`,
    params,
    body: z.record(z.string(), z.unknown()).default({}),
    async handler({ req, params, body, principal }) {
      if (!isVisitAction(params.action))
        throw invalid('action', `unknown action '${params.action}'; known: ${VISIT_ACTION_NAMES.join(', ')}`);
      const action: VisitActionName = params.action;
      const actor = actorOf(principal);
      const key = readIdempotencyKey(req.header('Idempotency-Key'));
      const visit = await loadVisit(ctx.dataSource, params.id);
      assertOwnVisit(principal, visit);
      const send = (a: VisitActionName, payload: Record<string, unknown>, suffix = '') =>
        gateway.act(params.id, { action: a, payload, actor, actorRoles: principal?.roles ?? [] }, key ? `${a}${suffix}:${key}` : undefined);

      let payload: Record<string, unknown> = body;
      if (action === 'schedule' || action === 'reschedule') {
        const parsed = (action === 'schedule' ? scheduleBody : rescheduleBody).safeParse(body);
        if (!parsed.success) throw HttpProblem.validation(parsed.error, 'body');
        const p = parsed.data as { engineerId?: string; windowStart?: string; windowEnd?: string; reason?: string; note?: string };
        if (action === 'reschedule') {
          let snap = await send('reschedule', { reason: p.reason });
          if (p.windowStart && p.windowEnd) {
            const engineerId = p.engineerId ?? visit.engineerId;
            snap = await send('schedule', { engineerId, windowStart: p.windowStart, windowEnd: p.windowEnd }, ':rebook');
          }
          return { body: await visitAnswer(ctx.dataSource, gateway, params.id, snap) };
        }
        payload = { ...p };
        if (!p.engineerId) {
          const picked = await pickEngineer(ctx.dataSource, {
            site: { lat: Number((visit as Record<string, unknown>).siteLat), lng: Number((visit as Record<string, unknown>).siteLng) },
            skills: ((visit as Record<string, unknown>).skills as object) ?? {},
            parts: ((visit as Record<string, unknown>).partsNeeded as { partCode: string; qty: number }[]) ?? [],
            windowStart: p.windowStart!,
            windowEnd: p.windowEnd!,
          });
          if (!picked.chosen)
            throw new HttpProblem(
              409,
              'no_engineer',
              'No engineer available',
              'no field engineer qualifies for this site and window',
              undefined,
              {},
              { excluded: picked.excluded },
            );
          payload = { ...p, engineerId: picked.chosen.engineerId, dispatch: picked.chosen };
        }
      }
      const parsed = parseVisitPayload(action, payload);
      if (!parsed.success) throw HttpProblem.validation(parsed.error, 'body');
      await checkVisitAttachments(ctx.dataSource, params.id, attachmentsOf(action, parsed.data as Record<string, unknown>));
      const snap = await send(action, parsed.data as Record<string, unknown>);
      return { body: await visitAnswer(ctx.dataSource, gateway, params.id, snap) };
    },
  });
