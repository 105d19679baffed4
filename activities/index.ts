import type { DataSource } from 'typeorm';
import type { IntegrationEndpoints } from './integrations/endpoints';
import { createNotificationActivities } from './notification.activities';
import { createFlowActivities } from './flow.activities';
import { createTicketProjectionActivities } from './ticket-projection.activities';
import { createWebhookActivities } from './webhook-delivery.activities';

export interface ActivityDeps {
  dataSource: DataSource;
  endpoints: IntegrationEndpoints;
}

/** All activities the worker registers; workflows import only the type. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createTicketProjectionActivities(deps),
    ...createFlowActivities(deps),
    ...createNotificationActivities(deps),
    ...createWebhookActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
