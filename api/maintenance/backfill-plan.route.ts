import { firingsBetween } from '../../domain/maintenance/maintenance-cycle';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { backfillBodySchema, planIdParams } from './plan-schema';
import { backfillSchedule, scheduleProblem } from './plan-schedule';
import { audit, loadPlan, skippedTimes } from './plan-store';
import { actorOf } from '../auth/api-tokens';

/** A backfill reaches at most this far back in one request. */
const MAX_BACKFILL_FIRINGS = 120;

export const backfillPlanRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/maintenance-plans/:id/backfill',
    permission: 'maintenance:manage',
    summary:
      "Fire the firings of a fixed-cycle plan that fell in [from, to] (both inclusive, in the past), e.g. missed while paused or before the plan was entered. Uses the schedule's backfill; a firing that already opened its ticket does not open another.",
    params: planIdParams,
    body: backfillBodySchema,
    async handler({ params, body, principal }) {
      const actor = actorOf(principal);
      const plan = await loadPlan(ctx.dataSource, params.id);
      if (plan.trigger_type !== 'cycle') {
        throw new HttpProblem(409, 'not_scheduled', 'Not a scheduled plan', 'only fixed-cycle plans have firings to backfill');
      }
      const from = new Date(body.from);
      const to = new Date(body.to);
      if (to.getTime() > Date.now()) {
        throw new HttpProblem(422, 'validation_failed', 'The request is not valid', 'to: must not be in the future', [
          { field: 'to', message: 'must not be in the future; future firings happen on their own' },
        ]);
      }
      const firings = firingsBetween(plan.cycle!, from, to, skippedTimes(plan), MAX_BACKFILL_FIRINGS + 1);
      if (firings.length > MAX_BACKFILL_FIRINGS) {
        throw new HttpProblem(
          422,
          'validation_failed',
          'The request is not valid',
          `from: the range holds more than ${MAX_BACKFILL_FIRINGS} firings`,
          [{ field: 'from', message: `the range holds more than ${MAX_BACKFILL_FIRINGS} firings; backfill in parts` }],
        );
      }
      const already = (await ctx.dataSource.query(
        `SELECT DISTINCT scheduled_at FROM maintenance_runs WHERE plan_id = $1 AND scheduled_at = ANY($2::timestamptz[]) AND status <> 'failed'`,
        [plan.id, firings],
      )) as { scheduled_at: Date }[];
      const opened = new Set(already.map((r) => new Date(r.scheduled_at).getTime()));
      if (firings.length > 0) {
        try {
          await backfillSchedule(ctx.temporal, plan.id, from, to);
        } catch (err) {
          throw scheduleProblem(err, 'nothing was backfilled; retry');
        }
      }
      await audit(ctx.dataSource, actor, 'maintenance_plan.backfilled', plan.id, {
        from: body.from,
        to: body.to,
        firings: firings.map((f) => f.toISOString()),
        note: body.note ?? null,
      });
      return {
        status: 202,
        body: {
          planId: plan.id,
          from: from.toISOString(),
          to: to.toISOString(),
          firings: firings.map((f) => ({ scheduledAt: f.toISOString(), alreadyOpened: opened.has(f.getTime()) })),
          ...(firings.length === 0 ? { detail: 'no firing of this plan falls in the range' } : {}),
        },
      };
    },
  });
