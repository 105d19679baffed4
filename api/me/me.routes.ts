import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { listMyVisitsRoute } from './list-my-visits.route';
import { myVanStockRoute } from './my-van-stock.route';

/** The engineer's phone pages (issue 8 item 3): my visits of the day and my van's parts. */
export function meRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [listMyVisitsRoute(ctx), myVanStockRoute(ctx)];
}
