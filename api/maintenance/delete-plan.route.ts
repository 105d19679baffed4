import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { planIdParams } from './plan-schema';
import { deleteSchedule, scheduleProblem } from './plan-schedule';
import { audit } from './plan-store';
import { actorOf } from '../auth/api-tokens';

export const deletePlanRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'delete',
    path: '/api/v1/maintenance-plans/:id',
    permission: 'maintenance:manage',
    summary:
      'Delete a plan and its Temporal Schedule (audited). Its runs and tickets stay. Repeating the request finishes a deletion whose schedule part failed.',
    params: planIdParams,
    async handler({ params, principal }) {
      const actor = actorOf(principal);
      await ctx.dataSource.transaction(async (tx) => {
        const [row] = (await tx.query(`SELECT name, deleted_at FROM maintenance_plans WHERE id = $1 FOR UPDATE`, [params.id])) as {
          name: string;
          deleted_at: Date | null;
        }[];
        if (!row) throw HttpProblem.notFound(`maintenance plan ${params.id} does not exist`);
        if (row.deleted_at) return;
        await tx.query(
          `UPDATE maintenance_plans SET deleted_at = now(), version = version + 1, updated_by = $2, updated_at = now() WHERE id = $1`,
          [params.id, actor],
        );
        await tx.query(`DELETE FROM maintenance_condition_state WHERE plan_id = $1`, [params.id]);
        await audit(tx, actor, 'maintenance_plan.deleted', params.id, { name: row.name });
      });
      try {
        await deleteSchedule(ctx.temporal, params.id);
      } catch (err) {
        throw scheduleProblem(err, 'the plan is deleted but its schedule is not yet; repeat the request');
      }
      return { status: 204, body: undefined };
    },
  });
