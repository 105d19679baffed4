import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';

/** The routes for preventive maintenance plans (Temporal Schedules) and IoT intake. */
export function maintenanceRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  void ctx;
  return [];
}
