import { firingsBetween } from '../../domain/maintenance/maintenance-cycle';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { planIdParams, skipBodySchema } from './plan-schema';
import { describeSchedule, scheduleProblem, scheduleSummary, syncSchedule } from './plan-schedule';
import { audit, loadPlan, PLAN_COLUMNS, planView, skippedTimes, type PlanRow, updateReturning } from './plan-store';
import { actorOf } from '../auth/api-tokens';

/**
 * Skipping a firing adds an exclusion to the schedule's spec: a skip calendar matching exactly
 * that instant in the plan's time zone (Temporal's own ScheduleSpec.skip), so the schedule never
 * starts that run and its description's next run times leave it out at once. The instant is
 * also kept on the plan (skipped_times), from which the spec is rebuilt on every change.
 */
export const skipPlanRunRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/maintenance-plans/:id/skip',
    permission: 'maintenance:manage',
    summary: 'Skip the next firing of a fixed-cycle plan, or the upcoming firing named by `at`; the following ones are unchanged.',
    params: planIdParams,
    body: skipBodySchema,
    async handler({ params, body, principal }) {
      const actor = actorOf(principal);
      const plan = await loadPlan(ctx.dataSource, params.id);
      if (plan.trigger_type !== 'cycle') {
        throw new HttpProblem(
          409,
          'not_scheduled',
          'Not a scheduled plan',
          'only fixed-cycle plans have firings to skip; pause a condition plan instead',
        );
      }
      let at: Date;
      if (body.at) {
        at = new Date(body.at);
        if (at.getTime() <= Date.now()) throw refuse('at', 'must be in the future');
        if (firingsBetween(plan.cycle!, at, at).length !== 1) throw refuse('at', 'is not a firing of this plan');
      } else {
        let description;
        try {
          description = await describeSchedule(ctx.temporal, plan.id);
        } catch (err) {
          throw scheduleProblem(err, 'nothing was skipped');
        }
        const next = description?.info.nextActionTimes[0];
        if (!next) throw new HttpProblem(409, 'no_next_run', 'No next run', 'the schedule has no upcoming firing to skip');
        at = next;
      }
      const row = await ctx.dataSource.transaction(async (tx) => {
        const current = await loadPlan(tx, params.id, { forUpdate: true });
        if (skippedTimes(current).some((t) => t.getTime() === at.getTime())) return current;
        const [updated] = (await updateReturning(
          tx,
          `UPDATE maintenance_plans SET skipped_times = array_append(skipped_times, $2), version = version + 1, updated_by = $3, updated_at = now()
            WHERE id = $1 RETURNING ${PLAN_COLUMNS}`,
          [params.id, at, actor],
        )) as PlanRow[];
        await audit(tx, actor, 'maintenance_plan.run_skipped', params.id, { at: at.toISOString(), note: body.note ?? null });
        return updated!;
      });
      try {
        await syncSchedule(ctx.temporal, row);
      } catch (err) {
        throw scheduleProblem(err, 'the skip is saved but the schedule is not updated yet; repeat the request');
      }
      return { body: { skipped: at.toISOString(), plan: { ...planView(row), schedule: await scheduleSummary(ctx.temporal, row) } } };
    },
  });

function refuse(field: string, message: string): HttpProblem {
  return new HttpProblem(422, 'validation_failed', 'The request is not valid', `${field}: ${message}`, [{ field, message }]);
}
