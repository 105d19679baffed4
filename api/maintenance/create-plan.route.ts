import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { createPlanSchema, withDefaultCategories } from './plan-schema';
import { scheduleProblem, scheduleSummary, syncSchedule } from './plan-schedule';
import { audit, newPlanId, PLAN_COLUMNS, planView, resolveTarget, scheduleIdFor, type PlanRow } from './plan-store';
import { actorOf } from '../auth/api-tokens';

export const createPlanRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/maintenance-plans',
    permission: 'maintenance:manage',
    summary:
      'Create a preventive maintenance plan for an asset, a site, or every asset of a model at a customer: a fixed cycle (a Temporal Schedule is created) or a condition on device data.',
    body: createPlanSchema,
    async handler({ body, principal }) {
      const actor = actorOf(principal);
      const ticket = withDefaultCategories(body.ticket, body.trigger.type);
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
      const id = newPlanId();
      const { type: triggerType, ...trigger } = body.trigger;
      const row = await ctx.dataSource.transaction(async (tx) => {
        const target = await resolveTarget(tx, body.target);
        const [created] = (await tx.query(
          `INSERT INTO maintenance_plans (id, name, target_type, asset_id, site_id, customer_id, model, trigger_type, cycle, condition,
              ticket, status, status_note, schedule_id, created_by, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
           RETURNING ${PLAN_COLUMNS}`,
          [
            id,
            body.name,
            body.target.type,
            target.assetId,
            target.siteId,
            target.customerId,
            target.model,
            triggerType,
            triggerType === 'cycle' ? JSON.stringify(trigger) : null,
            triggerType === 'condition' ? JSON.stringify(trigger) : null,
            JSON.stringify(ticket),
            body.paused ? 'paused' : 'active',
            body.note ?? null,
            triggerType === 'cycle' ? scheduleIdFor(id) : null,
            actor,
          ],
        )) as PlanRow[];
        await audit(tx, actor, 'maintenance_plan.created', id, { name: body.name, target: body.target, trigger: body.trigger });
        return created!;
      });
      if (row.trigger_type === 'cycle') {
        try {
          await syncSchedule(ctx.temporal, row);
        } catch (err) {
          // No schedule, no plan: take the row back so that a retry starts clean.
          await ctx.dataSource.transaction(async (tx) => {
            await tx.query(`DELETE FROM maintenance_plans WHERE id = $1`, [id]);
            await audit(tx, actor, 'maintenance_plan.create_failed', id, { error: err instanceof Error ? err.message : String(err) });
          });
          throw scheduleProblem(err, 'the plan was not created; retry');
        }
      }
      return {
        status: 201,
        headers: { Location: `/api/v1/maintenance-plans/${id}` },
        body: { ...planView(row), schedule: await scheduleSummary(ctx.temporal, row) },
      };
    },
  });
