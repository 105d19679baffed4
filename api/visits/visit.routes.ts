import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { actOnVisitRoute } from './act-on-visit.route';
import { createVisitRoute } from './create-visit.route';
import { getVisitRoute } from './get-visit.route';
import { listVisitEventsRoute } from './list-visit-events.route';
import { listVisitsRoute } from './list-visits.route';
import { VisitGateway } from './visit-gateway';

/** On-site visits (上门, issue 6 item 2): open, read, act; each visit is a VisitWorkflow. */
export function visitRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  const gateway = new VisitGateway(ctx.temporal);
  return [
    createVisitRoute(ctx, gateway),
    listVisitsRoute(ctx),
    getVisitRoute(ctx, gateway),
    listVisitEventsRoute(ctx),
    actOnVisitRoute(ctx, gateway),
  ];
}
