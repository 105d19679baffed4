import {
  isGrpcServiceError,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type ConnectionLike,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ActionRequest } from '../../domain/ticket/ticket-actions';
import { ticketSlaView } from '../../domain/sla/ticket-sla';
import { ticketWorkflowId, type TicketInput, type TicketState } from '../../domain/ticket/ticket.schema';
import { actUpdate, getTicketQuery, intakeUpdate, TicketWorkflow, type TicketSnapshot } from '../../workflows/ticket/ticket.workflow';
import { HttpProblem } from '../http/problem';
import { dailyNumber } from '../../core/readable-id';

/** Human-readable, unguessable ticket numbers: TK-20261122-7F3K9Q2M. */
export function newTicketId(now = new Date()): string {
  return dailyNumber('TK', now);
}

export const TICKET_ID_PATTERN = /^TK-\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/;

export interface TemporalHandle {
  client: Client;
  /** a client Connection (API) or the worker's NativeConnection */
  connection: ConnectionLike;
  taskQueue: string;
  /** how long an API call may wait on Temporal before answering 503 */
  callTimeoutMs: number;
}

/** Translates a Temporal client failure into the API's one error type. */
export function temporalProblem(err: unknown, ticketId: string): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (err instanceof WorkflowNotFoundError) return HttpProblem.notFound(`ticket ${ticketId} does not exist`);
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === 'ActionRefused') {
    const details = err.cause.details?.[0] as { code?: string } | undefined;
    const status = details?.code === 'invalid_payload' ? 422 : 409;
    return new HttpProblem(status, details?.code ?? 'action_refused', 'Action refused', err.cause.message);
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return HttpProblem.unavailable(
      'the ticket did not answer in time; the action may still be applied — retry with the same Idempotency-Key',
    );
  }
  if (isGrpcServiceError(err)) {
    // 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE, 1 CANCELLED
    if ([1, 4, 14].includes(err.code)) return HttpProblem.unavailable('the workflow engine is not reachable right now');
    if (err.code === 5) return HttpProblem.notFound(`ticket ${ticketId} does not exist`);
  }
  if (err instanceof Error && /deadline|unavailable|timed? ?out/i.test(err.message)) {
    return HttpProblem.unavailable('the workflow engine is not reachable right now');
  }
  throw err;
}

/** What the API shows of a ticket: its state, SLA counted down to this moment, and the actions open now. */
export type TicketView = TicketState & { availableActions?: string[]; ruleSet?: { key: string; version: number } };

/** Workflows answer with a snapshot; first-release tickets answer with the bare state. */
export function toTicketView(answer: TicketSnapshot | TicketState, now = new Date()): TicketView {
  if ('ticket' in answer && 'sla' in answer && 'availableActions' in answer) {
    const ruleSet = answer.ruleSet ? { ruleSet: answer.ruleSet } : {};
    return { ...answer.ticket, sla: ticketSlaView(answer.sla, now), availableActions: answer.availableActions, ...ruleSet };
  }
  return answer as TicketState;
}

export class TicketGateway {
  constructor(private readonly t: TemporalHandle) {}

  private deadline(): number {
    return Date.now() + this.t.callTimeoutMs;
  }

  /**
   * Starts the ticket's workflow, or joins it when it already runs (a retry), and returns the
   * ticket once its creation is recorded. Returns null when the workflow already finished.
   */
  async create(ticketId: string, ticket: TicketInput, actor: string, receivedAt: Date, flowKey?: string): Promise<TicketView | null> {
    const workflowId = ticketWorkflowId(ticketId);
    const start = new WithStartWorkflowOperation(TicketWorkflow, {
      workflowId,
      taskQueue: this.t.taskQueue,
      args: [{ ticketId, ticket, createdBy: actor, createdAt: receivedAt.toISOString(), ...(flowKey ? { flowKey } : {}) }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      // A ticket number is never reused, even after its ticket closed.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    try {
      const answer = await this.t.connection.withDeadline(this.deadline(), () =>
        this.t.client.workflow.executeUpdateWithStart(intakeUpdate, { startWorkflowOperation: start }),
      );
      return toTicketView(answer);
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return null;
      throw temporalProblem(err, ticketId);
    }
  }

  async get(ticketId: string): Promise<TicketView> {
    try {
      const answer = await this.t.connection.withDeadline(this.deadline(), () =>
        this.t.client.workflow.getHandle(ticketWorkflowId(ticketId)).query(getTicketQuery),
      );
      return toTicketView(answer);
    } catch (err) {
      throw temporalProblem(err, ticketId);
    }
  }

  async act(ticketId: string, req: ActionRequest, updateId?: string): Promise<TicketView> {
    try {
      const answer = await this.t.connection.withDeadline(this.deadline(), () =>
        this.t.client.workflow
          .getHandle(ticketWorkflowId(ticketId))
          .executeUpdate(actUpdate, { args: [req], ...(updateId ? { updateId } : {}) }),
      );
      return toTicketView(answer);
    } catch (err) {
      throw temporalProblem(err, ticketId);
    }
  }
}
