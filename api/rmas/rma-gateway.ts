import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { rmaWorkflowId } from '../../domain/rma/rma-ids';
import {
  flowWorkActUpdate,
  flowWorkIntakeUpdate,
  getFlowWorkQuery,
  type FlowActionRequest,
  type FlowWorkSnapshot,
} from '../../workflows/flow-work/flow-work';
import { DEFAULT_RMA_FLOW_KEY, RmaWorkflow } from '../../workflows/rma/rma.workflow';
import { temporalProblem, type TemporalHandle } from '../tickets/ticket-gateway';
import { dailyNumber } from '../../core/readable-id';
import type { z } from 'zod';
import type { createRmaBody } from './create-rma.route';

/** RMA-20261122-7F3K9Q2M: the day it was opened and eight unguessable characters. */
export function newRmaId(now = new Date()): string {
  return dailyNumber('RMA', now);
}

export type CreateRmaBody = z.infer<typeof createRmaBody>;

/**
 * The RMA work item (what the flow reads as `rma.<field>`) from a checked create body and the
 * product it is about; what POST /api/v1/rmas starts, and what a ticket's rule starts.
 */
export function rmaWorkOf(
  rmaId: string,
  body: CreateRmaBody,
  product: { sku: string | undefined; serialNo: string | undefined },
): Record<string, unknown> {
  const { pickup, claimAmountFen, ...rest } = body;
  return {
    ...rest,
    rmaId,
    sku: product.sku,
    serialNo: product.serialNo ?? null,
    ticketId: body.ticketId ?? null,
    assetId: body.assetId ?? null,
    claimAmountFen,
    // the flow's approval thresholds are written in yuan
    claimAmount: claimAmountFen / 100,
    pickupAddress: pickup.address,
    pickupContact: pickup.contact,
  };
}

/** What the API shows of an RMA: the work item's fields flattened with its flow position. */
export type RmaView = Record<string, unknown> & { rmaId: string; status: string };

export function toRmaView(s: Omit<FlowWorkSnapshot, 'availableActions'> & { availableActions?: string[] }): RmaView {
  const { work, kind: _k, workId, ...rest } = s;
  return { ...work, rmaId: workId, ...rest };
}

/** RmaWorkflow over the Temporal client: start (update-with-start), read (query), act (update). */
export class RmaGateway {
  constructor(private readonly t: TemporalHandle) {}

  private deadline(): number {
    return Date.now() + this.t.callTimeoutMs;
  }

  /** Starts the RMA's workflow or joins it (a retry); null when it already finished. */
  async create(rmaId: string, work: Record<string, unknown>, actor: string, receivedAt: Date): Promise<RmaView | null> {
    const start = new WithStartWorkflowOperation(RmaWorkflow, {
      workflowId: rmaWorkflowId(rmaId),
      taskQueue: this.t.taskQueue,
      args: [{ kind: 'rma', workId: rmaId, flowKey: DEFAULT_RMA_FLOW_KEY, work, createdBy: actor, createdAt: receivedAt.toISOString() }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    try {
      const answer = await this.t.connection.withDeadline(this.deadline(), () =>
        this.t.client.workflow.executeUpdateWithStart(flowWorkIntakeUpdate, { startWorkflowOperation: start }),
      );
      return toRmaView(answer);
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return null;
      throw temporalProblem(err, rmaId);
    }
  }

  async get(rmaId: string): Promise<RmaView> {
    try {
      const answer = await this.t.connection.withDeadline(this.deadline(), () =>
        this.t.client.workflow.getHandle(rmaWorkflowId(rmaId)).query(getFlowWorkQuery),
      );
      return toRmaView(answer);
    } catch (err) {
      throw temporalProblem(err, rmaId);
    }
  }

  async act(rmaId: string, req: FlowActionRequest, updateId?: string): Promise<RmaView> {
    try {
      const answer = await this.t.connection.withDeadline(this.deadline(), () =>
        this.t.client.workflow
          .getHandle(rmaWorkflowId(rmaId))
          .executeUpdate(flowWorkActUpdate, { args: [req], ...(updateId ? { updateId } : {}) }),
      );
      return toRmaView(answer);
    } catch (err) {
      throw temporalProblem(err, rmaId);
    }
  }
}
