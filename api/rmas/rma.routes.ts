import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { actOnRmaRoute } from './act-on-rma.route';
import { createRmaRoute } from './create-rma.route';
import { getRmaRoute } from './get-rma.route';
import { listRmaEventsRoute } from './list-rma-events.route';
import { listRmasRoute } from './list-rmas.route';

/** RMAs (寄修退换, issue 6 item 1): RmaWorkflow over HTTP, with its projection for lists and ended RMAs. */
export function rmaRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [createRmaRoute(ctx), listRmasRoute(ctx), getRmaRoute(ctx), listRmaEventsRoute(ctx), actOnRmaRoute(ctx)];
}
