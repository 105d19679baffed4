import * as wf from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import type { TicketWorkflowInput } from '../ticket.workflow';
import { ActionRefused, applyAction, refusalReason, type ActionRequest, type TicketEvent, type TicketState } from './ticket-actions-v1';
import {
  AssigneeIdKey,
  ChannelKey,
  CustomerIdKey,
  PriorityKey,
  RegionKey,
  SlaBreachedKey,
  TicketStatusKey,
} from '../../../temporal/search-attributes';

/**
 * FROZEN: the whole life of a ticket started before the flow interpreter (first release). Kept so
 * those tickets replay and finish; new tickets never run it. Do not change behaviour here.
 */
const { recordTicketEvent } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TARGETS = { P1: [10 * MINUTE, 8 * HOUR], P2: [2 * HOUR, 24 * HOUR], P3: [8 * HOUR, 72 * HOUR], P4: [24 * HOUR, 168 * HOUR] } as const;

const getTicketQuery = wf.defineQuery<TicketState>('getTicket');
const intakeUpdate = wf.defineUpdate<TicketState>('intake');
const actUpdate = wf.defineUpdate<TicketState, [ActionRequest]>('act');

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

export async function ticketLifecycleV1(input: TicketWorkflowInput): Promise<TicketState> {
  const createdAt = Date.parse(input.createdAt);
  const [frt, ttr] = TARGETS[input.ticket.priority];
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
    sla: {
      frtDueAt: new Date(createdAt + frt).toISOString(),
      ttrDueAt: new Date(createdAt + ttr).toISOString(),
      respondedAt: null,
      breached: false,
    },
    seq: 0,
  };
  const writes: Promise<unknown>[] = [];
  const commit = (next: TicketState, event: TicketEvent): Promise<unknown> => {
    state = next;
    wf.upsertSearchAttributes(searchAttributes(state));
    const write = recordTicketEvent({ state: next as never, event: event as never });
    writes.push(write);
    return write;
  };

  wf.setHandler(getTicketQuery, () => state);
  commit(
    { ...state, seq: 1 },
    {
      seq: 1,
      type: 'ticket.created',
      actor: input.createdBy,
      at: input.createdAt,
      fromStatus: null,
      toStatus: 'new',
      changes: {},
      payload: { ...input.ticket },
    },
  );
  const queuedAt = new Date(wf.workflowInfo().startTime).toISOString();
  const intakeRecorded = Promise.all([
    writes[0],
    commit(
      { ...state, status: 'pending_assignment', updatedAt: queuedAt, seq: 2 },
      {
        seq: 2,
        type: 'ticket.queued',
        actor: 'system',
        at: queuedAt,
        fromStatus: 'new',
        toStatus: 'pending_assignment',
        changes: { status: { from: 'new', to: 'pending_assignment' } },
        payload: {},
      },
    ),
  ]);
  wf.setHandler(intakeUpdate, async () => {
    await intakeRecorded;
    return state;
  });
  wf.setHandler(
    actUpdate,
    async (req) => {
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
