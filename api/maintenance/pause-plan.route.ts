import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { noteBodySchema, planIdParams } from './plan-schema';
import { pauseSchedule, scheduleProblem, scheduleSummary } from './plan-schedule';
import { audit, loadPlan, PLAN_COLUMNS, planView, type PlanRow, updateReturning } from './plan-store';
import { actorOf } from '../auth/api-tokens';

/** Pause and resume: the row's status, then the schedule's state, each with the note given. */
const setPaused = (ctx: ApiContext, paused: boolean) =>
  defineRoute({
    method: 'post',
    path: `/api/v1/maintenance-plans/:id/${paused ? 'pause' : 'resume'}`,
    permission: 'maintenance:manage',
    summary: paused
      ? 'Pause a plan (with a note): its schedule stops firing and its condition is not checked until resumed.'
      : 'Resume a paused plan (with a note); firings missed while paused are not made up (use backfill for that).',
    params: planIdParams,
    body: noteBodySchema,
    async handler({ params, body, principal }) {
      const actor = actorOf(principal);
      const note = body.note ?? (paused ? `paused by ${actor}` : `resumed by ${actor}`);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const current = await loadPlan(tx, params.id, { forUpdate: true });
        const [updated] = (await updateReturning(
          tx,
          `UPDATE maintenance_plans SET status = $2, status_note = $3, version = version + 1, updated_by = $4, updated_at = now()
            WHERE id = $1 RETURNING ${PLAN_COLUMNS}`,
          [params.id, paused ? 'paused' : 'active', note, actor],
        )) as PlanRow[];
        await audit(tx, actor, paused ? 'maintenance_plan.paused' : 'maintenance_plan.resumed', params.id, { note, from: current.status });
        return updated!;
      });
      if (row.trigger_type === 'cycle') {
        try {
          await pauseSchedule(ctx.temporal, row.id, paused, note);
        } catch (err) {
          throw scheduleProblem(err, `the plan is ${paused ? 'paused' : 'resumed'} but its schedule not yet; repeat the request`);
        }
      }
      return { body: { ...planView(row), schedule: await scheduleSummary(ctx.temporal, row) } };
    },
  });

export const pausePlanRoute = (ctx: ApiContext) => setPaused(ctx, true);
export const resumePlanRoute = (ctx: ApiContext) => setPaused(ctx, false);
