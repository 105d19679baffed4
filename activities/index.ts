import type { DataSource } from 'typeorm';
import type { IntakeDeps } from '../api/tickets/ticket-intake';
import type { IntegrationEndpoints } from './integrations/endpoints';
import { createContractQuotaActivities } from './contract-quota.activities';
import { createNotificationActivities } from './notification.activities';
import { createRuleSetActivities } from './rule-set.activities';
import { createRoutingActivities } from './routing.activities';
import { createPartsActivities } from './parts.activities';
import { createFlowActivities } from './flow.activities';
import { createFlowCallActivities } from './flow-call.activities';
import { createFlowWorkActivities } from './flow-work.activities';
import { createLinkedWorkActivities } from './linked-work.activities';
import type { TemporalHandle } from '../api/tickets/ticket-gateway';
import { createInboxActivities } from './inbox.activities';
import { createIntegrationActivities } from './integration.activities';
import { createMaintenanceActivities } from './maintenance.activities';
import { createTicketProjectionActivities } from './ticket-projection.activities';
import { createWebhookActivities } from './webhook-delivery.activities';

export interface ActivityDeps {
  dataSource: DataSource;
  endpoints: IntegrationEndpoints;
  /** what opening tickets needs (maintenance firings); the worker builds it from its connection */
  intake?: IntakeDeps;
  /** the worker's Temporal client: starting RMAs and visits for tickets, and reporting back to them */
  temporal?: TemporalHandle;
}

/** All activities the worker registers; workflows import only the type. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createTicketProjectionActivities(deps),
    ...createFlowActivities(deps),
    ...createNotificationActivities(deps),
    ...createWebhookActivities(deps),
    ...createInboxActivities(deps),
    ...createMaintenanceActivities(deps),
    ...createContractQuotaActivities(deps),
    ...createRuleSetActivities(deps),
    ...createRoutingActivities(deps),
    ...createPartsActivities(deps),
    ...createIntegrationActivities(deps),
    ...createFlowCallActivities(deps),
    ...createFlowWorkActivities(deps),
    ...createLinkedWorkActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
