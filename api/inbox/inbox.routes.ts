import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { inboxUnreadCountRoute } from './inbox-unread-count.route';
import { listInboxRoute } from './list-inbox.route';
import { markAllInboxReadRoute } from './mark-all-inbox-read.route';
import { markInboxReadRoute } from './mark-inbox-read.route';

/** The in-app message centre. */
export function inboxRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [listInboxRoute(ctx), inboxUnreadCountRoute(ctx), markInboxReadRoute(ctx), markAllInboxReadRoute(ctx)];
}
