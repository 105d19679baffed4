import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  flowWorkActUpdate,
  flowWorkId,
  flowWorkIntakeUpdate,
  getFlowWorkQuery,
  type FlowActionRequest,
  type FlowWorkSnapshot,
} from '../../workflows/flow-work/flow-work';
import { DEFAULT_VISIT_FLOW_KEY, VisitWorkflow } from '../../workflows/visit/visit.workflow';
import { HttpProblem } from '../http/problem';
import { temporalProblem, type TemporalHandle } from '../tickets/ticket-gateway';
import { dailyNumber } from '../../core/readable-id';

/** Visit numbers like ticket numbers: VS-20261122-7F3K9Q2M. */
export function newVisitId(now = new Date()): string {
  return dailyNumber('VS', now);
}

/** Where a visit goes and what it needs, as POST /api/v1/visits and a ticket's rule know it. */
export interface VisitWorkInput {
  ticketId: string | null;
  siteId: string | null;
  assetId: string | null;
  customerId: string | null;
  site: { address: string | null; lat: number; lng: number };
  region: string | null;
  skills: Record<string, unknown>;
  parts: { partCode: string; qty: number }[];
  preferredWindow: { start: string; end: string } | null;
  priority: string;
  description: string | null;
  /** the number the confirmation call rings; else the site's or the customer's */
  contactPhone?: string | null;
}

/** The visit work item (what the flow reads as `visit.<field>`). */
export function visitWorkOf(visitId: string, v: VisitWorkInput): Record<string, unknown> {
  return {
    visitId,
    ticketId: v.ticketId,
    siteId: v.siteId,
    assetId: v.assetId,
    customerId: v.customerId,
    address: v.site.address,
    siteLat: v.site.lat,
    siteLng: v.site.lng,
    region: v.region,
    skills: v.skills,
    partsNeeded: v.parts,
    preferredWindow: v.preferredWindow,
    priority: v.priority,
    description: v.description,
    contactPhone: v.contactPhone ?? null,
  };
}

/** A Temporal failure in the API's words, naming the visit (not a ticket). */
function problem(err: unknown, visitId: string): HttpProblem {
  const p = temporalProblem(err, visitId);
  return p.status === 404 ? HttpProblem.notFound(`visit ${visitId} does not exist`) : p;
}

/** The visit workflows as the API sees them: start, read, act. */
export class VisitGateway {
  constructor(private readonly t: TemporalHandle) {}

  private deadline(): number {
    return Date.now() + this.t.callTimeoutMs;
  }

  /** Starts the visit (or joins it on a retry) and answers once its creation is on record. */
  async create(visitId: string, work: Record<string, unknown>, actor: string, receivedAt: Date): Promise<FlowWorkSnapshot | null> {
    const start = new WithStartWorkflowOperation(VisitWorkflow, {
      workflowId: flowWorkId('visit', visitId),
      taskQueue: this.t.taskQueue,
      args: [
        { kind: 'visit', workId: visitId, flowKey: DEFAULT_VISIT_FLOW_KEY, work, createdBy: actor, createdAt: receivedAt.toISOString() },
      ],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    try {
      return await this.t.connection.withDeadline(this.deadline(), () =>
        this.t.client.workflow.executeUpdateWithStart(flowWorkIntakeUpdate, { startWorkflowOperation: start }),
      );
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return null;
      throw problem(err, visitId);
    }
  }

  async get(visitId: string): Promise<FlowWorkSnapshot> {
    try {
      return await this.t.connection.withDeadline(this.deadline(), () =>
        this.t.client.workflow.getHandle(flowWorkId('visit', visitId)).query(getFlowWorkQuery),
      );
    } catch (err) {
      throw problem(err, visitId);
    }
  }

  /** An action; a refusal is 409 (with the actions allowed now) or 422 (the payload). */
  async act(visitId: string, req: FlowActionRequest, updateId?: string): Promise<FlowWorkSnapshot> {
    try {
      return await this.t.connection.withDeadline(this.deadline(), () =>
        this.t.client.workflow
          .getHandle(flowWorkId('visit', visitId))
          .executeUpdate(flowWorkActUpdate, { args: [req], ...(updateId ? { updateId } : {}) }),
      );
    } catch (err) {
      const p = problem(err, visitId);
      if (p.status !== 409) throw p;
      const allowed = await this.get(visitId).then(
        (s) => ({ visitStatus: s.status, allowedActions: s.availableActions }),
        () => ({}),
      );
      throw new HttpProblem(409, p.code, p.title, p.detail, undefined, {}, allowed);
    }
  }
}
