import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { publicWorkRoutes } from './public-work.routes';
import { reportProblemRoute } from './report-problem.route';

/** The customer H5 pages' calls (issue 8 item 4): report a problem, then act on verified work. */
export function publicRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [reportProblemRoute(ctx), ...publicWorkRoutes(ctx)];
}
