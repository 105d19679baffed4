import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { PinnedFlow } from '../../domain/flow/flow-definition';
import type { FlowCommand, FlowState } from '../../domain/flow/flow-interpreter';
import type { InboxKind, InboxRecipient } from '../../domain/inbox/inbox-messages';
import { actionRefusal, availableActions, FlowRefusal, interpret } from '../../domain/flow/flow-interpreter';
import { flowMigrationRefusal, timersAfterMigration } from '../../domain/flow/flow-migration';
import {
  fireSlaWake,
  nextSlaWake,
  openTicketSla,
  pauseTicketSla,
  restartTtr,
  resumeTicketSla,
  retargetTicketSla,
  stopSlaMetrics,
  ticketSlaView,
  type SlaMetric,
  type SlaNotify,
  type SlaOccurrence,
  type TicketSlaState,
} from '../../domain/sla/ticket-sla';
import {
  applyActionEffect,
  diffTicket,
  isTicketAction,
  parseActionPayload,
  type ActionRequest,
  type TicketActionName,
} from '../../domain/ticket/ticket-actions';
import type { PinnedRuleSet } from '../../domain/automation/automation-plan';
import type { TicketEvent, TicketInput, TicketState, TicketStatus } from '../../domain/ticket/ticket.schema';
import type { QuotaOutcome } from '../../domain/contracts/entitlement';
import {
  AssigneeIdKey,
  ChannelKey,
  CustomerIdKey,
  PriorityKey,
  RegionKey,
  SlaBreachedKey,
  TicketStatusKey,
} from '../../temporal/search-attributes';
import { ticketLifecycleV1 } from './legacy/ticket-lifecycle-v1';
import { automate, type AutomationHost } from './ticket-automation';
import { holdTicketSla, linkedWorkSignal, receiveLinkedWork, type LinkedWorkEntry, type LinkedWorkHost } from './ticket-linked-work';

const { recordTicketEvent, sendNotification, placeOutboundCall, deliverInboxMessage, consumeTicketQuota } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  // Projection writes and deliveries are idempotent, so retry them for as long as it takes.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});
const { deliverTicketWebhooks } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '60s',
  // The delivery gives up on its own after its window (and marks the delivery failed for replay),
  // so the activity itself may retry for as long as something is pending.
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m' },
});
const { loadPublishedFlow } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: ['FlowNotPublished'] },
});

const { loadPinnedRuleSet, loadRuleSetVersion } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: ['RuleSetNotPublished'] },
});

const { autoRouteTicket } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  // If routing stays unavailable the ticket simply waits in its queue for a person to assign it.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 8 },
});

export const DEFAULT_TICKET_FLOW_KEY = 'ticket-default';
export const DEFAULT_RULE_SET_KEY = 'ticket';

export interface TicketWorkflowInput {
  ticketId: string;
  ticket: TicketInput;
  createdBy: string;
  /** when the API received the request (ISO 8601) */
  createdAt: string;
  flowKey?: string;
  /** the rule set whose published version the ticket pins (default 'ticket') */
  ruleSetKey?: string;
  /** the whole state, when the workflow continues as new */
  carried?: CarriedTicket;
}

interface ArmedTimer {
  edgeId: string;
  dueAt: string;
}

export interface CarriedTicket {
  ticket: TicketState;
  flow: PinnedFlow;
  flowState: FlowState;
  sla: TicketSlaState;
  timers: ArmedTimer[];
  ruleSet?: PinnedRuleSet;
  decisionNo?: number;
  /** RMAs and visits linked to the ticket, with the SLA holds they place (absent before linked work) */
  linkedWork?: Record<string, LinkedWorkEntry>;
}

/** What a query returns: the ticket, its raw SLA clocks (so readers can count down with their own clock) and what can be done now. */
export interface TicketSnapshot {
  ticket: TicketState;
  sla: TicketSlaState;
  availableActions: string[];
  /** the automation rule-set version the ticket runs with; absent on tickets from before automation rules */
  ruleSet?: { key: string; version: number };
}

export interface RuleSetMigration {
  version: number;
  reason: string;
  actor: string;
}

export const getTicketQuery = wf.defineQuery<TicketSnapshot>('getTicket');
/** Returns the ticket once its creation is on record; the API calls it with update-with-start. */
export const intakeUpdate = wf.defineUpdate<TicketSnapshot>('intake');
export const actUpdate = wf.defineUpdate<TicketSnapshot, [ActionRequest]>('act');
/** Moves a running ticket to another published version of its rule set (an explicit, audited migration). */
export const migrateRuleSetUpdate = wf.defineUpdate<{ key: string; from: number; to: number }, [RuleSetMigration]>('migrateRuleSet');
/** Moves a running ticket to another published version of its flow, staying at the node it waits at (explicit, audited). */
export interface FlowMigration {
  /** the target version, as the API read it from the flow store (published) */
  flow: PinnedFlow;
  reason: string;
  actor: string;
}
export const migrateFlowUpdate = wf.defineUpdate<{ key: string; from: number; to: number; nodeId: string }, [FlowMigration]>('migrateFlow');

/**
 * The roles an approve / reject is checked against: the caller's, or none at all (refused) when the
 * request carries none, so an approval is never decided without the level's role.
 */
function approverRoles(action: string, roles: string[] | undefined): { actorRoles?: string[] } {
  if (action === 'approve' || action === 'reject') return { actorRoles: roles ?? [] };
  return roles ? { actorRoles: roles } : {};
}

function refuse(message: string, code: 'invalid_state' | 'invalid_payload' | 'unknown_action'): never {
  throw wf.ApplicationFailure.create({ message, type: 'ActionRefused', nonRetryable: true, details: [{ code }] });
}

/**
 * One ticket's whole life: a thin shell around the flow interpreter. The shell feeds it actions
 * (updates) and timeouts, carries out its commands, keeps the SLA clocks with one durable timer
 * for the next deadline, and records every change as a numbered event.
 */
export async function TicketWorkflow(input: TicketWorkflowInput): Promise<TicketState> {
  // Tickets started before flows were interpreted finish on the code they started with.
  if (!input.carried && !wf.patched('flow-interpreter')) return (await ticketLifecycleV1(input)) as unknown as TicketState;
  return new TicketRun(input).run();
}

class TicketRun {
  private ticket!: TicketState;
  private flow!: PinnedFlow;
  private flowState!: FlowState;
  private sla!: TicketSlaState;
  private timers: ArmedTimer[] = [];
  private ready = false;
  private changes = 0;
  private readonly pending: Promise<unknown>[] = [];
  private intakeRecorded?: Promise<unknown>;
  private ruleSet?: PinnedRuleSet;
  private decisionNo = 0;
  /** the status the last look at the queue saw, so a ticket is routed once per entry into a queue */
  private queueSeen: TicketStatus | null = null;
  private readonly automation: AutomationHost = {
    ruleSet: () => this.ruleSet,
    ticket: () => this.ticket,
    setTicket: (t) => (this.ticket = t),
    sla: () => this.sla,
    setSla: (s) => (this.sla = s),
    now: () => this.now(),
    nextDecisionNo: () => ++this.decisionNo,
    commit: (e) => this.commit(e),
    perform: (action, payload, actor) => this.performForRule(action, payload, actor),
    notify: (channel, target, template, key, extra) => this.notify(channel, target, template, key, extra),
    inbox: (kind, recipients, seq, vars) => this.inbox(kind, recipients, seq, vars),
    queue: (p) => void this.pending.push(p),
  };
  /** RMAs and visits linked to the ticket report here (ticket-linked-work.ts) */
  private linkedWork: Record<string, LinkedWorkEntry> = {};
  private readonly linkedHost: LinkedWorkHost = {
    ticket: () => this.ticket,
    setTicket: (t) => (this.ticket = t),
    sla: () => this.sla,
    setSla: (s) => (this.sla = s),
    now: () => this.now(),
    linked: () => (this.linkedWork ??= {}),
    commit: (e) => this.commit(e),
  };

  constructor(private readonly input: TicketWorkflowInput) {}

  private now(): Date {
    return new Date();
  }

  private snapshot(): TicketSnapshot {
    const now = this.now();
    return {
      ticket: { ...this.ticket, sla: ticketSlaView(this.sla, now) },
      sla: this.sla,
      availableActions: this.ready
        ? availableActions(this.flow.definition, this.flowState, { ticket: this.flowData(), now: now.toISOString() })
        : [],
      ...(this.ruleSet ? { ruleSet: { key: this.ruleSet.key, version: this.ruleSet.version } } : {}),
    };
  }

  private flowData(): Record<string, unknown> {
    return this.ticket as unknown as Record<string, unknown>;
  }

  async run(): Promise<TicketState> {
    wf.setHandler(getTicketQuery, () => this.snapshot());
    wf.setHandler(intakeUpdate, async () => {
      await wf.condition(() => this.ready);
      await this.intakeRecorded;
      return this.snapshot();
    });
    wf.setHandler(actUpdate, (req) => this.act(req), { validator: (req) => this.validate(req) });
    wf.setHandler(migrateRuleSetUpdate, (req) => this.migrateRuleSet(req));
    wf.setHandler(migrateFlowUpdate, (req) => this.migrateFlow(req), {
      validator: (req) => {
        const refusal = this.ready ? flowMigrationRefusal(this.flow.definition, req.flow.definition, this.flowState) : null;
        if (refusal) refuse(refusal, 'invalid_state');
        if (this.ready && req.flow.version === this.flow.version) refuse(`the ticket already runs v${req.flow.version}`, 'invalid_state');
      },
    });
    wf.setHandler(linkedWorkSignal, async (report) => {
      await wf.condition(() => this.ready);
      if (receiveLinkedWork(this.linkedHost, report)) this.changes++;
    });

    if (this.input.carried) {
      Object.assign(this, { ...this.input.carried });
      this.ready = true;
    } else {
      await this.begin();
    }

    while (!this.flowState.ended) {
      this.routeIfQueued();
      const seen = this.changes;
      const wake = this.nextWake();
      const waitMs = wake ? Math.max(1, wake.getTime() - Date.now()) : undefined;
      const woken = await wf.condition(() => this.changes !== seen || this.flowState.ended, waitMs as number);
      if (!woken) await this.fireDue();
      if (wf.workflowInfo().continueAsNewSuggested && wf.allHandlersFinished()) {
        await wf.condition(wf.allHandlersFinished);
        await this.drain();
        const carried: CarriedTicket = {
          ticket: this.ticket,
          flow: this.flow,
          flowState: this.flowState,
          sla: this.sla,
          timers: this.timers,
          ruleSet: this.ruleSet,
          decisionNo: this.decisionNo,
          linkedWork: this.linkedWork,
        };
        await wf.continueAsNew<typeof TicketWorkflow>({ ...this.input, carried });
      }
    }
    await wf.condition(wf.allHandlersFinished);
    await this.drain();
    return { ...this.ticket, sla: ticketSlaView(this.sla, this.now()) };
  }

  /** Creation: pin the flow version, open the SLA clocks, run the flow to its first waiting state. */
  private async begin(): Promise<void> {
    const { ticketId, ticket, createdBy } = this.input;
    // The ticket's clocks run on Temporal's time, which every worker shares, rather than on the
    // clock of whichever API replica took the request; the receipt time stays in the created event.
    const opened = this.now();
    const createdAt = opened.toISOString();
    // Tickets pin the rule-set version they start with (fetched alongside the flow); histories from
    // before automation rules replay without it and run no rules.
    const pinRules = wf.patched('automation-rules');
    const [flow, ruleSet] = await Promise.all([
      loadPublishedFlow(this.input.flowKey ?? DEFAULT_TICKET_FLOW_KEY),
      pinRules ? loadPinnedRuleSet(this.input.ruleSetKey ?? DEFAULT_RULE_SET_KEY) : null,
    ]);
    this.flow = flow;
    this.ruleSet = ruleSet ?? undefined;
    this.sla = openTicketSla({ priority: ticket.priority, entitlement: ticket.entitlement ?? null, contract: ticket.coverage }, opened);
    // The form goes to details (state only, no command: replay-safe); tickets from before forms have none.
    const { form, ...fields } = ticket;
    this.ticket = {
      ...fields,
      ticketId,
      status: 'new',
      substatus: null,
      assigneeId: null,
      groupId: null,
      escalationLevel: 'L1',
      resolution: null,
      details: { evidence: ticket.evidence ?? [], diagnosis: null, rootCause: null, parts: [], ...(form ? { form } : {}) },
      logistics: { rmaId: null, pickupNo: null, warehouseId: null, inboundAt: null, inspectionResult: null, outboundNo: null },
      finance: { refundAmount: 0, refundMethod: null, couponAdjust: 0, settlementStatus: null },
      audit: { createdBy, updatedBy: createdBy, consent: ticket.consent ?? false, piiMasking: true, retentionPolicy: 'default-3y' },
      notes: [],
      contacts: [],
      lastDispute: null,
      reopenCount: 0,
      flow: { key: this.flow.key, version: this.flow.version, nodeId: 'start', path: [] },
      createdBy,
      createdAt,
      updatedAt: createdAt,
      resolvedAt: null,
      closedAt: null,
      sla: ticketSlaView(this.sla, opened),
      seq: 0,
    };
    const created = this.commit({
      type: 'ticket.created',
      actor: createdBy,
      at: createdAt,
      fromStatus: null,
      toStatus: 'new',
      changes: {},
      payload: { ...ticket, receivedAt: this.input.createdAt },
    });
    const before = this.ticket;
    const result = interpret(this.flow.definition, null, { type: 'start' }, { ticket: this.flowData(), now: this.now().toISOString() });
    this.applyFlow(result.state, result.sets);
    const queued = this.commit({
      type: 'ticket.queued',
      actor: 'system',
      at: this.now().toISOString(),
      fromStatus: 'new',
      toStatus: this.ticket.status,
      changes: diffTicket(before, this.ticket),
      payload: {},
    });
    this.runCommands(result.commands, {}, this.ticket.seq);
    if (ticket.priority === 'P1')
      this.pending.push(placeOutboundCall({ ticketId, reason: 'p1_created', idempotencyKey: `${ticketId}:p1_created` }));
    automate(this.automation, 'ticket.created', null);
    this.intakeRecorded = Promise.all([created, queued]);
    this.ready = true;
  }

  private validate(req: ActionRequest): void {
    if (!isTicketAction(req.action)) refuse(`unknown action '${req.action}'`, 'unknown_action');
    const parsed = parseActionPayload(req.action, req.payload);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      refuse(`invalid payload for '${req.action}': ${first?.path.join('.') || '(body)'} ${first?.message}`, 'invalid_payload');
    }
    if (!this.ready) return; // checked again by the handler once the flow is loaded
    const refusal = actionRefusal(this.flow.definition, this.flowState, req.action, {
      ticket: this.flowData(),
      now: this.now().toISOString(),
      payload: parsed.data as Record<string, unknown>,
      actor: req.actor,
      ...approverRoles(req.action, req.actorRoles),
    });
    if (refusal) refuse(refusal.message, 'invalid_state');
  }

  private async act(req: ActionRequest): Promise<TicketSnapshot> {
    await wf.condition(() => this.ready);
    this.validate(req);
    if (!isTicketAction(req.action)) refuse(`unknown action '${req.action}'`, 'unknown_action');
    const payload = parseActionPayload(req.action, req.payload).data as Record<string, unknown>;
    const before = this.ticket;
    let write: Promise<unknown>;
    try {
      write = this.perform(req.action, payload, req.actor, req.actorRoles);
    } catch (err) {
      if (err instanceof FlowRefusal) refuse(err.message, 'invalid_state');
      throw err;
    }
    automate(this.automation, `ticket.${req.action}`, before);
    this.changes++;
    await write;
    return this.snapshot();
  }

  /** An automation rule's action taken as an agent's would be; a refusal is returned, not thrown. */
  private performForRule(action: string, raw: Record<string, unknown>, actor: string): { refused: string } | { write: Promise<unknown> } {
    if (!isTicketAction(action)) return { refused: `unknown action '${action}'` };
    if (action === 'approve' || action === 'reject') return { refused: 'approvals are decided by people holding the level’s role' };
    const parsed = parseActionPayload(action, raw);
    if (!parsed.success) return { refused: parsed.error.issues[0]?.message ?? 'invalid payload' };
    const payload = parsed.data as Record<string, unknown>;
    const now = this.now().toISOString();
    const refusal = actionRefusal(this.flow.definition, this.flowState, action, { ticket: this.flowData(), now, payload, actor });
    if (refusal) return { refused: refusal.message };
    try {
      return { write: this.perform(action, payload, actor) };
    } catch (err) {
      if (err instanceof FlowRefusal) return { refused: err.message };
      throw err;
    }
  }

  /** Applies an action through the flow and records it; a FlowRefusal leaves the ticket as it was. */
  private perform(action: TicketActionName, payload: Record<string, unknown>, actor: string, actorRoles?: string[]): Promise<unknown> {
    const at = this.now().toISOString();
    const before = this.ticket;
    const fromStatus = this.ticket.status;
    this.ticket = applyActionEffect(this.ticket, action, payload, actor, at);
    let commands: FlowCommand[] = [];
    try {
      const result = interpret(
        this.flow.definition,
        this.flowState,
        { type: 'action', action: action, payload, actor: actor, ...approverRoles(action, actorRoles) },
        { ticket: this.flowData(), now: at },
      );
      this.applyFlow(result.state, result.sets);
      commands = result.commands;
    } catch (err) {
      this.ticket = before;
      throw err;
    }
    if (action === 'change-priority')
      this.sla = retargetTicketSla(
        this.sla,
        { priority: this.ticket.priority, entitlement: this.ticket.entitlement ?? null, contract: this.ticket.coverage },
        this.now(),
      );
    const write = this.commit({
      type: `ticket.${action}`,
      actor: actor,
      at,
      fromStatus,
      toStatus: this.ticket.status,
      changes: diffTicket(before, this.ticket),
      payload,
    });
    this.runCommands(commands, payload, this.ticket.seq);
    this.inboxAfterChange(before, this.ticket.seq, action);
    this.visitQuotaAfterChange(before, actor);
    return write;
  }

  /** Repins the flow; the ticket stays at its node and takes the target version's time limits there. */
  private async migrateFlow(req: FlowMigration): Promise<{ key: string; from: number; to: number; nodeId: string }> {
    await wf.condition(() => this.ready);
    if (!wf.patched('flow-migration')) refuse('this ticket cannot migrate flows', 'invalid_state');
    const refusal = flowMigrationRefusal(this.flow.definition, req.flow.definition, this.flowState);
    if (refusal) refuse(refusal, 'invalid_state');
    if (req.flow.version === this.flow.version) refuse(`the ticket already runs v${req.flow.version}`, 'invalid_state');
    const from = this.flow.version;
    this.flow = req.flow;
    this.timers = timersAfterMigration(req.flow.definition, this.flowState);
    this.ticket = { ...this.ticket, flow: { ...this.ticket.flow, key: req.flow.key, version: req.flow.version } };
    const write = this.commit({
      type: 'ticket.flow-migrated',
      actor: req.actor,
      at: this.now().toISOString(),
      fromStatus: this.ticket.status,
      toStatus: this.ticket.status,
      changes: {},
      payload: { key: req.flow.key, from, to: req.flow.version, nodeId: this.flowState.nodeId, reason: req.reason },
    });
    this.changes++;
    await write;
    return { key: req.flow.key, from, to: req.flow.version, nodeId: this.flowState.nodeId };
  }

  private async migrateRuleSet(req: RuleSetMigration): Promise<{ key: string; from: number; to: number }> {
    await wf.condition(() => this.ready);
    const current = this.ruleSet;
    if (!current) refuse('this ticket started before automation rules; it runs no rule set to migrate', 'invalid_state');
    if (current.version === req.version) refuse(`the ticket already runs rule set '${current.key}' v${req.version}`, 'invalid_state');
    let next: PinnedRuleSet;
    try {
      next = await loadRuleSetVersion({ key: current.key, version: req.version });
    } catch (err) {
      if (err instanceof wf.ActivityFailure && err.cause instanceof wf.ApplicationFailure && err.cause.type === 'RuleSetNotPublished')
        refuse(err.cause.message, 'invalid_payload');
      throw err;
    }
    if (this.ruleSet !== current) refuse('the rule set changed meanwhile; try again', 'invalid_state');
    this.ruleSet = next;
    const write = this.commit({
      type: 'ticket.rule-set-migrated',
      actor: req.actor,
      at: this.now().toISOString(),
      fromStatus: this.ticket.status,
      toStatus: this.ticket.status,
      changes: {},
      payload: { key: next.key, from: current.version, to: next.version, reason: req.reason },
    });
    this.changes++;
    await write;
    return { key: next.key, from: current.version, to: next.version };
  }

  private applyFlow(state: FlowState, sets: Record<string, unknown>): void {
    this.flowState = state;
    const a = state.approval;
    // Only tickets that reach an approval carry the field, so older tickets keep their exact shape.
    const approval = a
      ? { approval: { nodeId: a.nodeId, amount: a.amount, required: a.required, approvedBy: a.approvedBy } }
      : this.ticket.approval
        ? { approval: null }
        : {};
    this.ticket = {
      ...this.ticket,
      ...sets,
      ...approval,
      status: state.status as TicketStatus,
      flow: { ...this.ticket.flow, nodeId: state.nodeId, path: state.path },
    };
  }

  /** Carries out the interpreter's commands; state changes happen here, I/O is queued as activities. */
  private runCommands(commands: FlowCommand[], payload: Record<string, unknown>, seq: number): void {
    const now = this.now();
    commands.forEach((c, i) => {
      const key = `${this.ticket.ticketId}:${seq}:${i}`;
      switch (c.type) {
        case 'enter':
          // Entering a pausing state pauses the clocks; entering any other resumes a pause a state started
          // (an explicit pause step stays until an explicit resume).
          if (c.stopSla?.length) this.sla = stopSlaMetrics(this.sla, c.stopSla as SlaMetric[], now);
          if (c.pauseSla) {
            const reason = c.pauseSla === 'from_action' ? String(payload.reason ?? 'waiting_supplier') : c.pauseSla;
            this.sla = pauseTicketSla(this.sla, now, reason, (payload.evidence as string | undefined) ?? null, 'state');
          } else {
            this.sla = resumeTicketSla(this.sla, now, 'state');
          }
          break;
        case 'arm-timeouts':
          this.timers = c.timeouts.map((t) => ({ edgeId: t.edgeId, dueAt: new Date(now.getTime() + t.minutes * 60_000).toISOString() }));
          break;
        case 'end':
          break;
        case 'approval-requested':
        case 'approval-decided':
          this.recordApproval(c);
          break;
        case 'step': {
          const step = c.step;
          if (step.do === 'notify') this.notify(step.channel, step.target, step.template, key);
          else if (step.do === 'assign') {
            this.ticket = {
              ...this.ticket,
              assigneeId: step.clear ? null : (step.assignee ?? this.ticket.assigneeId),
              groupId: step.group ?? this.ticket.groupId,
            };
          } else if (step.do === 'sla') {
            if (step.op === 'pause')
              this.sla = pauseTicketSla(
                this.sla,
                now,
                String(step.reason ?? payload.reason ?? 'waiting_supplier'),
                (payload.evidence as string | undefined) ?? null,
                'step',
              );
            else if (step.op === 'resume') this.sla = resumeTicketSla(this.sla, now);
            else if (step.op === 'stop') this.sla = stopSlaMetrics(this.sla, step.metric ? [step.metric] : ['frt', 'ttr'], now);
            else if (step.op === 'restart') this.sla = restartTtr(this.sla, now);
          } else if (step.do === 'escalate') {
            this.notify('wecom', step.group ?? 'team_lead', 'ticket_escalated', key);
            const groups = [step.group ?? 'team_lead', payload.groupId].filter((g): g is string => typeof g === 'string');
            this.inbox(
              'escalated',
              groups.map((id) => ({ type: 'group', id })),
              seq,
              { level: payload.level ?? this.ticket.escalationLevel, note: payload.reason ?? null },
            );
          }
          // 'set' was applied by the interpreter; 'webhook' events go out with every recorded event.
          break;
        }
      }
    });
    // A linked work's hold outlasts the ticket's own pauses: a resume above must not start the clocks.
    this.sla = holdTicketSla(this.sla, this.linkedWork, now);
    this.syncSearchAttributes();
  }

  /**
   * An approval asked for or decided, as its own ticket event. Only flows with approval nodes
   * produce these commands, and ticket flows could not have them before this patch.
   */
  private recordApproval(c: Extract<FlowCommand, { type: 'approval-requested' | 'approval-decided' }>): void {
    if (!wf.patched('ticket-approvals')) return;
    const { type, ...payload } = c;
    this.commit({
      type: `ticket.${type}`,
      actor: type === 'approval-decided' ? c.record.actor : 'system',
      at: this.now().toISOString(),
      fromStatus: this.ticket.status,
      toStatus: this.ticket.status,
      changes: {},
      payload: type === 'approval-decided' ? { ...c.record } : payload,
    });
  }

  private notify(channel: string, target: string, template: string, idempotencyKey: string, extra: Record<string, unknown> = {}): void {
    const t = this.ticket;
    this.pending.push(
      sendNotification({
        idempotencyKey,
        ticketId: t.ticketId,
        channel,
        target,
        template,
        vars: {
          ticketId: t.ticketId,
          // the shared approval_requested text names the work as {{workId}}
          workId: t.ticketId,
          status: t.status,
          priority: t.priority,
          assigneeId: t.assigneeId,
          customerId: t.customerId,
          category: [t.category1, t.category2, t.category3].filter(Boolean).join(' / '),
          ...extra,
        },
      }).catch((err: unknown) => {
        // A message that cannot be sent (no such template, a provider refusing it for good) never stops
        // the ticket: left uncaught it failed every workflow task. Catching changes no command, so histories replay.
        if (!(err instanceof wf.ActivityFailure)) throw err;
      }),
    );
  }

  /**
   * An in-app message (the message centre), keyed by the event that caused it. New with this
   * version: histories recorded before it replay without these activities.
   */
  private inbox(kind: InboxKind, recipients: InboxRecipient[], seq: number, vars: Record<string, unknown> = {}): void {
    if (!recipients.length || !wf.patched('inbox-messages')) return;
    const t = this.ticket;
    this.pending.push(
      deliverInboxMessage({
        ticketId: t.ticketId,
        seq,
        kind,
        recipients,
        vars: {
          status: t.status,
          priority: t.priority,
          category: [t.category1, t.category2, t.category3].filter(Boolean).join(' / '),
          ...vars,
        },
      }),
    );
  }

  /** What a change tells people in-app: the new assignee, the reviewers, and the creator once it is resolved. */
  private inboxAfterChange(before: TicketState, seq: number, action?: string): void {
    const t = this.ticket;
    // Assigning the same person again (after a dispute or a time-out) is a new assignment too.
    if (t.assigneeId && (t.assigneeId !== before.assigneeId || action === 'assign' || action === 'transfer'))
      this.inbox('assigned', [{ type: 'user', id: t.assigneeId }], seq);
    if (t.status === before.status) return;
    if (t.status === 'pending_review') this.inbox('approval_waiting', [{ type: 'group', id: 'team_lead' }], seq);
    if (t.status === 'resolved') this.inbox('task_done', [{ type: 'creator', id: t.createdBy }], seq, { resolution: t.resolution });
  }

  /**
   * The first time a ticket served under a contract waits for a visit, it takes one visit from the
   * contract's quota (once per ticket, however often the activity runs). Tickets without a contract,
   * which includes every ticket from before contracts, never get past the first line, so their
   * histories replay unchanged.
   */
  private visitQuotaAfterChange(before: TicketState, actor: string): void {
    const coverage = this.ticket.coverage;
    if (!coverage?.contractId || coverage.visit) return;
    if (before.substatus === 'awaiting_visit' || this.ticket.substatus !== 'awaiting_visit') return;
    if (!wf.patched('contract-visit-quota')) return;
    const at = this.now().toISOString();
    this.pending.push(
      consumeTicketQuota({ contractId: coverage.contractId, kind: 'visit', ticketId: this.ticket.ticketId, at, actor }).then((outcome) =>
        this.recordVisitCoverage(outcome, at),
      ),
    );
  }

  /** Records what the visit quota said; a used-up quota makes the ticket not covered. A contract without a visit quota changes nothing. */
  private recordVisitCoverage(outcome: QuotaOutcome, at: string): void {
    const coverage = this.ticket.coverage;
    if (!coverage || coverage.visit || outcome.reason === 'no_quota') return;
    const before = this.ticket;
    const visit = { covered: outcome.covered, reason: outcome.reason, quota: outcome.quota, at };
    const exhausted = outcome.reason === 'quota_exhausted';
    this.ticket = {
      ...this.ticket,
      coverage: { ...coverage, visit, ...(exhausted ? { covered: false, reason: 'quota_exhausted' as const } : {}) },
    };
    this.commit({
      type: 'ticket.coverage',
      actor: 'system',
      at: this.now().toISOString(),
      fromStatus: this.ticket.status,
      toStatus: this.ticket.status,
      changes: diffTicket(before, this.ticket),
      payload: { visit },
    });
  }

  /**
   * A ticket that has just entered a queue (new, or back after a missed acceptance or a dispute)
   * is routed; if its group hands out its own work, the workflow assigns the chosen agent as an
   * agent's assign would. New with this version: older histories replay without the activity.
   */
  private routeIfQueued(): void {
    const status = this.ticket.status;
    const entered = status !== this.queueSeen && (status === 'pending_assignment' || status === 'pending_reassignment');
    this.queueSeen = status;
    if (!entered || !wf.patched('auto-routing')) return;
    this.pending.push(this.autoRoute(status));
  }

  private async autoRoute(status: TicketStatus): Promise<void> {
    await this.intakeRecorded; // routing reads the ticket's projection
    const previousAssigneeId = status === 'pending_reassignment' ? this.ticket.assigneeId : null;
    let out;
    try {
      out = await autoRouteTicket({
        ticketId: this.ticket.ticketId,
        trigger: status === 'pending_assignment' ? 'queued' : 'requeued',
        previousAssigneeId,
        groupId: this.ticket.groupId,
      });
    } catch (err) {
      if (err instanceof wf.ActivityFailure) return; // it stays in the queue, as without auto-assignment
      throw err;
    }
    // Someone assigned it (or it moved on) while routing was deciding: theirs stands.
    if (!out.assign || this.ticket.status !== status) return;
    const before = this.ticket;
    const done = this.performForRule('assign', out.assign, 'routing:auto');
    if ('refused' in done) return;
    automate(this.automation, 'ticket.assign', before);
    this.changes++;
    await done.write;
  }

  private nextWake(): Date | null {
    const candidates: number[] = this.timers.map((t) => Date.parse(t.dueAt));
    const sla = nextSlaWake(this.sla);
    if (sla) candidates.push(sla.at.getTime());
    return candidates.length ? new Date(Math.min(...candidates)) : null;
  }

  /** Something was due: flow timeouts first (they may stop clocks), then SLA warnings, breaches, escalations. */
  private async fireDue(): Promise<void> {
    const now = this.now();
    for (const timer of this.timers.filter((t) => Date.parse(t.dueAt) <= now.getTime())) {
      if (!this.timers.includes(timer)) continue; // an earlier timeout moved the work on
      const before = this.ticket;
      try {
        const result = interpret(
          this.flow.definition,
          this.flowState,
          { type: 'timeout', edgeId: timer.edgeId },
          { ticket: this.flowData(), now: now.toISOString() },
        );
        this.timers = this.timers.filter((t) => t !== timer);
        this.applyFlow(result.state, result.sets);
        this.commit({
          type: 'ticket.timeout',
          actor: 'system',
          at: now.toISOString(),
          fromStatus: before.status,
          toStatus: this.ticket.status,
          changes: diffTicket(before, this.ticket),
          payload: { edgeId: timer.edgeId },
        });
        this.runCommands(result.commands, {}, this.ticket.seq);
        this.inboxAfterChange(before, this.ticket.seq);
        this.visitQuotaAfterChange(before, 'system');
        automate(this.automation, 'ticket.timeout', before);
      } catch (err) {
        if (!(err instanceof FlowRefusal)) throw err;
        this.timers = this.timers.filter((t) => t !== timer);
      }
    }
    for (let wake = nextSlaWake(this.sla); wake && wake.at.getTime() <= now.getTime(); wake = nextSlaWake(this.sla)) {
      const fired = fireSlaWake(this.sla, wake, now);
      this.sla = fired.state;
      for (const o of fired.occurrences) this.recordSla(o, now);
    }
    this.syncSearchAttributes();
  }

  private recordSla(o: SlaOccurrence, now: Date): void {
    const at = now.toISOString();
    const before = this.ticket;
    if (o.kind === 'breach') this.ticket = { ...this.ticket, sla: { ...ticketSlaView(this.sla, now) } };
    const type = o.kind === 'warning' ? 'sla.warning' : o.kind === 'breach' ? 'sla.breached' : 'ticket.escalated';
    const event = this.commit({
      type,
      actor: 'system',
      at,
      fromStatus: before.status,
      toStatus: this.ticket.status,
      changes: {},
      payload: { ...o },
    });
    void event;
    const key = `${this.ticket.ticketId}:${this.ticket.seq}`;
    // A warning fires at 75 % of the way; the message names the deadline itself.
    const dueAt = o.kind === 'warning' ? ((o.metric === 'frt' ? this.ticket.sla.frtDueAt : this.ticket.sla.ttrDueAt) ?? o.dueAt) : o.dueAt;
    o.notify.forEach((n: SlaNotify, i: number) =>
      this.notify(n.channel, n.target, n.template, `${key}:${i}`, {
        metric: o.metric,
        dueAt,
        targetGroup: o.group ?? n.target,
        level: o.level,
      }),
    );
    const assignee: InboxRecipient[] = this.ticket.assigneeId ? [{ type: 'user', id: this.ticket.assigneeId }] : [];
    if (o.kind === 'escalation')
      this.inbox('escalated', [{ type: 'group', id: o.group ?? 'team_lead' }], this.ticket.seq, {
        escalation: 'sla',
        metric: o.metric,
        level: o.level,
      });
    else {
      // A warning's own instant is 75 % of the way; people need the deadline itself.
      const deadline = o.metric === 'frt' ? this.ticket.sla.frtDueAt : this.ticket.sla.ttrDueAt;
      const kind = o.kind === 'warning' ? 'sla_warning' : 'sla_breached';
      this.inbox(kind, [...assignee, { type: 'group', id: 'team_lead' }], this.ticket.seq, {
        metric: o.metric,
        dueAt: o.kind === 'breach' ? o.dueAt : (deadline ?? o.dueAt),
      });
    }
    if (o.kind !== 'warning' && this.ticket.priority === 'P1') {
      this.pending.push(
        placeOutboundCall({ ticketId: this.ticket.ticketId, reason: `${type}:${o.metric}:${o.level ?? 0}`, idempotencyKey: key }),
      );
    }
    automate(this.automation, type, before);
  }

  /** Waits for every queued write, notification and delivery, including those queued meanwhile. */
  private async drain(): Promise<void> {
    while (this.pending.length) await Promise.all(this.pending.splice(0));
  }

  private syncSearchAttributes(): void {
    const s = this.ticket;
    wf.upsertSearchAttributes([
      { key: TicketStatusKey, value: s.status },
      { key: PriorityKey, value: s.priority },
      { key: RegionKey, value: s.region ?? null },
      { key: AssigneeIdKey, value: s.assigneeId },
      { key: SlaBreachedKey, value: ticketSlaView(this.sla, this.now()).breached },
      { key: ChannelKey, value: s.channel },
      { key: CustomerIdKey, value: s.customerId },
    ]);
  }

  /** Numbers the event, refreshes the SLA view and records both; returns the write. */
  private commit(e: Omit<TicketEvent, 'seq'>): Promise<unknown> {
    const seq = this.ticket.seq + 1;
    this.ticket = { ...this.ticket, seq, updatedAt: e.at, sla: ticketSlaView(this.sla, this.now()) };
    const write = recordTicketEvent({ state: this.ticket, event: { ...e, seq } }).then((r) => {
      // Webhooks go out after the event is on record, off the ticket's own path.
      if (r.webhooksQueued !== 0) this.pending.push(deliverTicketWebhooks({ ticketId: this.ticket.ticketId }));
    });
    this.pending.push(write);
    this.syncSearchAttributes();
    return write;
  }
}
