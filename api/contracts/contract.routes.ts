import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';

/** The routes for contracts, entitlements and quotas. */
export function contractRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  void ctx;
  return [];
}
