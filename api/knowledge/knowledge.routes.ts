import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';

/** The routes for the knowledge base and the in-app message centre. */
export function knowledgeRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  void ctx;
  return [];
}
