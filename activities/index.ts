import type { DataSource } from 'typeorm';
import { createTicketProjectionActivities } from './ticket-projection.activities';

export interface ActivityDeps {
  dataSource: DataSource;
}

/** All activities the worker registers; workflows import only the type. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createTicketProjectionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
