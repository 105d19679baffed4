import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { planIdParams } from './plan-schema';
import { scheduleSummary } from './plan-schedule';
import { loadPlan, planView } from './plan-store';

export const getPlanRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/maintenance-plans/:id',
    permission: 'archives:read',
    summary: 'A maintenance plan with its schedule as Temporal describes it: paused or not, the next run times, the recent runs.',
    params: planIdParams,
    async handler({ params }) {
      const row = await loadPlan(ctx.dataSource, params.id);
      return { body: { ...planView(row), schedule: await scheduleSummary(ctx.temporal, row) } };
    },
  });
