import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { planIdParams, updatePlanSchema, withDefaultCategories } from './plan-schema';
import { scheduleProblem, scheduleSummary, syncSchedule } from './plan-schedule';
import {
  audit,
  loadPlan,
  PLAN_COLUMNS,
  planTrigger,
  planView,
  resolveTarget,
  scheduleIdFor,
  type PlanRow,
  updateReturning,
} from './plan-store';
import { actorOf } from '../auth/api-tokens';

export const updatePlanRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'patch',
    path: '/api/v1/maintenance-plans/:id',
    permission: 'maintenance:manage',
    summary:
      "Change a plan's name, target, trigger or ticket template; its schedule is updated to match (created or deleted when the trigger type changes). A 503 means saved but the schedule not yet updated: repeat the request.",
    params: planIdParams,
    body: updatePlanSchema,
    async handler({ params, body, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const current = await loadPlan(tx, params.id, { forUpdate: true });
        const triggerType = body.trigger?.type ?? current.trigger_type;
        const ticket = body.ticket ? withDefaultCategories(body.ticket, triggerType) : current.ticket;
        if (body.ticket) {
          const fieldErrors = await ctx.dictionaries.checkTicketFields(ticket);
          if (fieldErrors.length) {
            const errors = fieldErrors.map((e) => ({ field: `ticket.${e.field}`, message: e.message }));
            throw new HttpProblem(
              422,
              'validation_failed',
              'The request is not valid',
              errors.map((e) => `${e.field}: ${e.message}`).join('; '),
              errors,
            );
          }
        }
        const target = body.target
          ? await resolveTarget(tx, body.target)
          : { customerId: current.customer_id, assetId: current.asset_id, siteId: current.site_id, model: current.model };
        const { type: _type, ...trigger } = body.trigger ?? planTrigger(current);
        const [updated] = (await updateReturning(
          tx,
          `UPDATE maintenance_plans SET name = $2, target_type = $3, asset_id = $4, site_id = $5, customer_id = $6, model = $7,
              trigger_type = $8, cycle = $9, condition = $10, ticket = $11, schedule_id = $12,
              version = version + 1, updated_by = $13, updated_at = now()
            WHERE id = $1 RETURNING ${PLAN_COLUMNS}`,
          [
            params.id,
            body.name ?? current.name,
            body.target?.type ?? current.target_type,
            target.assetId,
            target.siteId,
            target.customerId,
            target.model,
            triggerType,
            triggerType === 'cycle' ? JSON.stringify(trigger) : null,
            triggerType === 'condition' ? JSON.stringify(trigger) : null,
            JSON.stringify(ticket),
            triggerType === 'cycle' ? scheduleIdFor(params.id) : null,
            actor,
          ],
        )) as PlanRow[];
        if (triggerType !== current.trigger_type) await tx.query(`DELETE FROM maintenance_condition_state WHERE plan_id = $1`, [params.id]);
        await audit(tx, actor, 'maintenance_plan.updated', params.id, { changes: body, fromVersion: current.version });
        return updated!;
      });
      try {
        // Also deletes the schedule when the plan became condition-based.
        await syncSchedule(ctx.temporal, { ...row, schedule_id: scheduleIdFor(row.id) });
      } catch (err) {
        throw scheduleProblem(err, 'the change is saved but the schedule is not updated yet; repeat the request');
      }
      return { body: { ...planView(row), schedule: await scheduleSummary(ctx.temporal, row) } };
    },
  });
