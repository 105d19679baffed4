import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { iotRoutes } from '../iot/iot.routes';
import { backfillPlanRoute } from './backfill-plan.route';
import { createPlanRoute } from './create-plan.route';
import { deletePlanRoute } from './delete-plan.route';
import { getPlanRoute } from './get-plan.route';
import { listPlanRunsRoute } from './list-plan-runs.route';
import { listPlansRoute } from './list-plans.route';
import { pausePlanRoute, resumePlanRoute } from './pause-plan.route';
import { skipPlanRunRoute } from './skip-plan-run.route';
import { triggerPlanRoute } from './trigger-plan.route';
import { updatePlanRoute } from './update-plan.route';

/** The routes for preventive maintenance plans (Temporal Schedules) and IoT intake. */
export function maintenanceRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [
    createPlanRoute(ctx),
    listPlansRoute(ctx),
    getPlanRoute(ctx),
    updatePlanRoute(ctx),
    deletePlanRoute(ctx),
    pausePlanRoute(ctx),
    resumePlanRoute(ctx),
    skipPlanRunRoute(ctx),
    backfillPlanRoute(ctx),
    triggerPlanRoute(ctx),
    listPlanRunsRoute(ctx),
    ...iotRoutes(ctx),
  ];
}
