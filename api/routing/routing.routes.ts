import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { autoAssignRoute } from './auto-assign.route';
import { createAgentRoute } from './create-agent.route';
import { createGroupRoute } from './create-group.route';
import { createRosterEntryRoute } from './create-roster-entry.route';
import { decideRoutingRoute } from './decide-routing.route';
import { deleteAgentRoute } from './delete-agent.route';
import { deleteGroupRoute } from './delete-group.route';
import { deleteRosterEntryRoute } from './delete-roster-entry.route';
import { dispatchCandidatesRoute } from './dispatch-candidates.route';
import { getAgentRoute } from './get-agent.route';
import { getGroupRoute } from './get-group.route';
import { listAgentsRoute } from './list-agents.route';
import { listGroupsRoute } from './list-groups.route';
import { listRosterEntriesRoute } from './list-roster-entries.route';
import { planDispatchRouteRoute } from './plan-dispatch-route.route';
import { routingQueueRoute } from './routing-queue.route';
import { updateAgentRoute } from './update-agent.route';
import { updateGroupRoute } from './update-group.route';

/** Agents, groups, rosters; routing decisions and field dispatch (issue 5 items 5 and 6). */
export function routingRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [
    createAgentRoute(ctx),
    listAgentsRoute(ctx),
    getAgentRoute(ctx),
    updateAgentRoute(ctx),
    deleteAgentRoute(ctx),
    createGroupRoute(ctx),
    listGroupsRoute(ctx),
    getGroupRoute(ctx),
    updateGroupRoute(ctx),
    deleteGroupRoute(ctx),
    createRosterEntryRoute(ctx),
    listRosterEntriesRoute(ctx),
    deleteRosterEntryRoute(ctx),
    decideRoutingRoute(ctx),
    autoAssignRoute(ctx),
    routingQueueRoute(ctx),
    dispatchCandidatesRoute(ctx),
    planDispatchRouteRoute(ctx),
  ];
}
