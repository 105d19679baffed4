import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';

/** The routes for customers, projects, sites, assets, service providers, the customer 360, import and export. */
export function archiveRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  void ctx;
  return [];
}
