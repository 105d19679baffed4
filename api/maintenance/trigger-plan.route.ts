import { maintenanceRunWorkflow } from '../../workflows/maintenance/maintenance-run.workflow';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { noteBodySchema, planIdParams } from './plan-schema';
import { scheduleProblem, triggerSchedule } from './plan-schedule';
import { audit, loadPlan } from './plan-store';
import { actorOf } from '../auth/api-tokens';

export const triggerPlanRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/maintenance-plans/:id/trigger',
    permission: 'maintenance:manage',
    summary:
      "Run a plan now, outside its cycle (also when paused): its tickets open for every target asset. A fixed-cycle plan is triggered through its schedule; a condition plan's run starts directly.",
    params: planIdParams,
    body: noteBodySchema,
    async handler({ params, body, principal }) {
      const actor = actorOf(principal);
      const plan = await loadPlan(ctx.dataSource, params.id);
      const triggeredAt = new Date();
      try {
        if (plan.trigger_type === 'cycle') {
          await triggerSchedule(ctx.temporal, plan.id);
        } else {
          await ctx.temporal.connection.withDeadline(Date.now() + ctx.temporal.callTimeoutMs, () =>
            ctx.temporal.client.workflow.start(maintenanceRunWorkflow, {
              taskQueue: ctx.temporal.taskQueue,
              workflowId: `maintenance-run-${plan.id}-manual-${triggeredAt.toISOString()}`,
              args: [{ planId: plan.id, scheduledAt: triggeredAt.toISOString(), trigger: 'manual' }],
            }),
          );
        }
      } catch (err) {
        throw scheduleProblem(err, 'the plan was not triggered; retry');
      }
      await audit(ctx.dataSource, actor, 'maintenance_plan.triggered', plan.id, { at: triggeredAt.toISOString(), note: body.note ?? null });
      return { status: 202, body: { planId: plan.id, triggeredAt: triggeredAt.toISOString() } };
    },
  });
