import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { serviceDashboardRoute } from './service-dashboard.route';

/** Dashboards (issue 8 item 5): read-only figures from the projections. */
export function dashboardRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [serviceDashboardRoute(ctx)];
}
