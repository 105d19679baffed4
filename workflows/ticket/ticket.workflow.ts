import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { ActionRefused, applyAction, refusalReason, type ActionRequest } from '../../domain/ticket/ticket-actions';
import type { CreateTicketInput, TicketEvent, TicketState } from '../../domain/ticket/ticket.schema';
import { defaultDeadlines } from '../../domain/sla/sla-targets';
import { AssigneeIdKey, ChannelKey, CustomerIdKey, PriorityKey, RegionKey, SlaBreachedKey, TicketStatusKey } from '../../temporal/search-attributes';

const { recordTicketEvent } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  // Projection writes are idempotent, so retry them for as long as the database is away.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

export interface TicketWorkflowInput {
  ticketId: string;
  ticket: CreateTicketInput;
  createdBy: string;
  /** when the API received the request (ISO 8601) */
  createdAt: string;
}

export const getTicketQuery = wf.defineQuery<TicketState>('getTicket');
/** Returns the ticket once its creation is on record; used with update-with-start by the API. */
export const intakeUpdate = wf.defineUpdate<TicketState>('intake');
export const actUpdate = wf.defineUpdate<TicketState, [ActionRequest]>('act');

function searchAttributes(s: TicketState) {
  return [
    { key: TicketStatusKey, value: s.status },
    { key: PriorityKey, value: s.priority },
    { key: RegionKey, value: s.region ?? null },
    { key: AssigneeIdKey, value: s.assigneeId },
    { key: SlaBreachedKey, value: s.sla.breached },
    { key: ChannelKey, value: s.channel },
    { key: CustomerIdKey, value: s.customerId },
  ];
}

/**
 * One ticket's whole life. The workflow is the only writer of the ticket's state; every change
 * becomes a numbered event that an activity records together with the new snapshot.
 */
export async function TicketWorkflow(input: TicketWorkflowInput): Promise<TicketState> {
  const createdAt = new Date(input.createdAt);
  let state: TicketState = {
    ...input.ticket,
    ticketId: input.ticketId,
    status: 'new',
    assigneeId: null,
    groupId: null,
    resolution: null,
    createdBy: input.createdBy,
    createdAt: input.createdAt,
    updatedAt: input.createdAt,
    resolvedAt: null,
    closedAt: null,
    sla: { ...defaultDeadlines(input.ticket.priority, createdAt), respondedAt: null, breached: false },
    seq: 0,
  };
  const writes: Promise<unknown>[] = [];

  const commit = (next: TicketState, event: TicketEvent): Promise<unknown> => {
    state = next;
    wf.upsertSearchAttributes(searchAttributes(state));
    const write = recordTicketEvent({ state: next, event });
    writes.push(write);
    return write;
  };

  wf.setHandler(getTicketQuery, () => state);

  // Creation and queueing for assignment are recorded before the ticket is reported as created.
  const created: TicketState = { ...state, seq: 1 };
  const createdEvent: TicketEvent = {
    seq: 1,
    type: 'ticket.created',
    actor: input.createdBy,
    at: input.createdAt,
    fromStatus: null,
    toStatus: 'new',
    changes: {},
    payload: { ...input.ticket },
  };
  commit(created, createdEvent);
  const queuedAt = new Date(wf.workflowInfo().startTime).toISOString();
  const queued: TicketState = { ...state, status: 'pending_assignment', updatedAt: queuedAt, seq: 2 };
  const intakeRecorded = Promise.all([
    writes[0],
    commit(queued, {
      seq: 2,
      type: 'ticket.queued',
      actor: 'system',
      at: queuedAt,
      fromStatus: 'new',
      toStatus: 'pending_assignment',
      changes: { status: { from: 'new', to: 'pending_assignment' } },
      payload: {},
    }),
  ]);

  wf.setHandler(intakeUpdate, async () => {
    await intakeRecorded;
    return state;
  });

  wf.setHandler(
    actUpdate,
    async (req) => {
      // Applied synchronously so concurrent actions are ordered by arrival; the write is awaited
      // so that the caller's next read of the projection already shows the change.
      const { state: next, event } = applyAction(state, req, new Date());
      await commit(next, event);
      return next;
    },
    {
      validator: (req) => {
        const refused = refusalReason(state, req);
        if (refused) throw wf.ApplicationFailure.nonRetryable(refused.message, ActionRefused.name, { code: refused.code });
      },
    },
  );

  await wf.condition(() => state.status === 'closed');
  await wf.condition(wf.allHandlersFinished);
  await Promise.all(writes);
  return state;
}
