/**
 * The generic shell for flow-interpreted work (RMAs and visits): a thin workflow around the pure
 * flow interpreter, as TicketRun is for tickets but without the ticket's SLA and automation.
 *
 * API (keep it stable — RmaWorkflow and VisitWorkflow are built on it):
 *
 *   runFlowWork(input: FlowWorkInput, hooks?: FlowWorkHooks): Promise<FlowWorkSnapshot>
 *     Call it from the kind's workflow function: `export async function RmaWorkflow(i) { return runFlowWork(i, rmaHooks); }`.
 *   getFlowWorkQuery   ('getFlowWork')  → FlowWorkSnapshot: the work item, its flow position, approvals, available actions
 *   flowWorkIntakeUpdate ('intake')     → FlowWorkSnapshot once the creation is on record (use with update-with-start)
 *   flowWorkActUpdate  ('act', FlowActionRequest) → FlowWorkSnapshot; refused with an ApplicationFailure of type
 *                                         'ActionRefused', details [{ code: 'invalid_state' | 'invalid_payload' }]
 *   flowWorkId(kind, workId)             the workflow id: `<kind>-<workId>`
 *
 * What it does: pins the published flow (`loadPublishedFlow(input.flowKey)`); runs the interpreter;
 * carries out its commands — `run-activity` through the one generic activity `runFlowCall` (its
 * result or final failure fed back; compensations run with retries and are only recorded), notify
 * steps through `sendNotification`, assign/escalate steps on the work item, timeouts as one durable
 * timer for the earliest; records every change as a numbered event through `recordFlowWorkEvent`
 * (idempotent on (workId, seq); the projector of each kind lives in activities/flow-work.activities.ts);
 * and continues as new when Temporal suggests it and no call is in flight. Subflows (`start-child`)
 * are not supported for these kinds: a flow with a subflow node is refused when pinned.
 *
 * Work linked to a ticket (`work.ticketId`) reports to it through the `reportLinkedWork` activity
 * (a signal to the ticket's workflow): once when created, whenever the `pauseSla` reason of the state
 * it is in changes (the ticket's clocks are held while it is set: a visit waiting for parts holds
 * them with parts_on_order), and when it ends. The work is not a child of the ticket: it is started
 * by its own API or by an activity of the ticket's automation, and outlives the ticket.
 *
 * Event types: `<kind>.created`, `<kind>.<action>`, `<kind>.timeout`, `<kind>.activity-completed`,
 * `<kind>.activity-failed`, `<kind>.escalated`, `<kind>.compensated`, `<kind>.compensation-failed`,
 * `<kind>.ticket-sla-held`, `<kind>.ticket-sla-released`.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { FlowKind, PinnedFlow } from '../../domain/flow/flow-definition';
import {
  actionRefusal,
  availableActions,
  FlowRefusal,
  interpret,
  type ApprovalProgress,
  type ApprovalRecord,
  type FlowCommand,
  type FlowEvent,
  type FlowState,
} from '../../domain/flow/flow-interpreter';

export type FlowWorkKind = Extract<FlowKind, 'rma' | 'visit'>;

export interface FlowWorkInput {
  kind: FlowWorkKind;
  /** RMA-20261122-7F3K9Q2M, VIS-… */
  workId: string;
  /** the published flow to pin, e.g. 'rma-default' */
  flowKey: string;
  /** the work item's fields; conditions read them as `<kind>.<field>` (`rma.claimAmount`) */
  work: Record<string, unknown>;
  createdBy: string;
  /** when the API received the request (ISO 8601) */
  createdAt: string;
  /** the whole state, when the workflow continues as new */
  carried?: CarriedFlowWork;
}

export interface FlowActionRequest {
  action: string;
  payload: Record<string, unknown>;
  /** `token:<name>`, `user:<id>`, `system` */
  actor: string;
  /** the caller's roles; approval levels check them */
  actorRoles?: string[];
}

export interface FlowWorkEvent {
  seq: number;
  type: string;
  actor: string;
  at: string;
  fromStatus: string | null;
  toStatus: string;
  payload: Record<string, unknown>;
}

export interface ArmedTimer {
  edgeId: string;
  dueAt: string;
}

export interface FlowWorkSnapshot {
  kind: FlowWorkKind;
  workId: string;
  status: string;
  /** the work item's fields, with what `set` steps and actions wrote */
  work: Record<string, unknown>;
  flow: { key: string; version: number; nodeId: string; path: string[] };
  /** activity results by resultVar */
  vars: Record<string, unknown>;
  /** the approval being asked for, if any */
  approval: ApprovalProgress | null;
  approvals: ApprovalRecord[];
  /** the outside call the work waits for, if any */
  waitingFor: { activity: string; callId: string } | null;
  timers: ArmedTimer[];
  groupId: string | null;
  assigneeId: string | null;
  escalations: number;
  ended: boolean;
  availableActions: string[];
  seq: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface CarriedFlowWork {
  flow: PinnedFlow;
  flowState: FlowState;
  core: FlowWorkCore;
  timers: ArmedTimer[];
}

/** What the shell keeps of the item besides the flow state. */
interface FlowWorkCore {
  work: Record<string, unknown>;
  groupId: string | null;
  assigneeId: string | null;
  escalations: number;
  seq: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** the pauseSla reason this work last reported holding on its ticket's clocks (absent: none) */
  ticketHold?: string | null;
}

/** What a kind adds to the shell. All optional and pure (they run in workflow code). */
export interface FlowWorkHooks {
  /** checks and normalises an action's payload; a string is the reason it is refused (422) */
  parsePayload?(action: string, payload: Record<string, unknown>): Record<string, unknown> | string;
  /**
   * fields an accepted action writes on the work item before the interpreter sees it (so the
   * flow's conditions and later call inputs read them); by default add-note and add-attachment
   * append to `notes` / `attachments`
   */
  applyAction?(work: Record<string, unknown>, req: FlowActionRequest, at: string): Record<string, unknown>;
  /** vars for notification templates besides workId, status, customerId */
  notifyVars?(work: Record<string, unknown>): Record<string, unknown>;
}

export const getFlowWorkQuery = wf.defineQuery<FlowWorkSnapshot>('getFlowWork');
export const flowWorkIntakeUpdate = wf.defineUpdate<FlowWorkSnapshot>('intake');
export const flowWorkActUpdate = wf.defineUpdate<FlowWorkSnapshot, [FlowActionRequest]>('act');

export function flowWorkId(kind: FlowWorkKind, workId: string): string {
  return `${kind}-${workId}`;
}

const { recordFlowWorkEvent, sendNotification } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  // Projection writes and notifications are idempotent: retry for as long as it takes.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});
const { loadPublishedFlow } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: ['FlowNotPublished'] },
});
/**
 * Outside calls: a 4xx (IntegrationRejected) fails at once and the flow decides what follows;
 * outages are retried for about a quarter of an hour before the flow hears of a failure. The
 * activity heartbeats, so a call on a worker that died is retried elsewhere within seconds.
 */
const FLOW_CALL_OPTIONS: wf.ActivityOptions = {
  startToCloseTimeout: '2m',
  heartbeatTimeout: '5s',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '1m',
    maximumAttempts: 20,
    nonRetryableErrorTypes: [
      'IntegrationRejected',
      'IntegrationBadResponse',
      'IntegrationNotConfigured',
      'IntegrationMisuse',
      'FlowCallUnknown',
      'FlowCallInvalid',
    ],
  },
};
const { runFlowCall } = wf.proxyActivities<Activities>(FLOW_CALL_OPTIONS);
const { reportLinkedWork } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  // A ticket that is gone is no failure (the activity says so); anything else is retried.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/** Work from before linked tickets replays without their reports and events. */
const LINKED_TICKET_PATCH = 'flow-work-linked-ticket';

/** The commands end the work: the event that records it carries its closing time. */
const ends = (commands: FlowCommand[]) => commands.some((c) => c.type === 'end');

function refuse(message: string, code: 'invalid_state' | 'invalid_payload'): never {
  throw wf.ApplicationFailure.create({ message, type: 'ActionRefused', nonRetryable: true, details: [{ code }] });
}

/** The message of an activity's final failure, as the flow's `vars.<resultVar>.error` keeps it. */
function failureReason(err: wf.ActivityFailure): string {
  const cause = err.cause;
  if (cause instanceof wf.ApplicationFailure) return `${cause.type ?? 'Error'}: ${cause.message}`;
  return cause?.message ?? err.message;
}

const defaultApplyAction = (work: Record<string, unknown>, req: FlowActionRequest, at: string): Record<string, unknown> => {
  if (req.action === 'add-note' && typeof req.payload.text === 'string')
    return { ...work, notes: [...((work.notes as unknown[]) ?? []), { text: req.payload.text, actor: req.actor, at }] };
  if (req.action === 'add-attachment')
    return { ...work, attachments: [...((work.attachments as unknown[]) ?? []), { ...req.payload, actor: req.actor, at }] };
  return work;
};

export async function runFlowWork(input: FlowWorkInput, hooks: FlowWorkHooks = {}): Promise<FlowWorkSnapshot> {
  return new FlowWorkRun(input, hooks).run();
}

class FlowWorkRun {
  private flow!: PinnedFlow;
  private flowState!: FlowState;
  private core!: FlowWorkCore;
  private timers: ArmedTimer[] = [];
  private ready = false;
  private changes = 0;
  private inFlight = 0;
  private readonly pending: Promise<unknown>[] = [];
  private intakeRecorded?: Promise<unknown>;

  constructor(
    private readonly input: FlowWorkInput,
    private readonly hooks: FlowWorkHooks,
  ) {}

  private get kind(): FlowWorkKind {
    return this.input.kind;
  }

  private now(): string {
    return new Date().toISOString();
  }

  snapshot(): FlowWorkSnapshot {
    const fs = this.flowState;
    const waiting = fs?.waiting?.for === 'activity' ? { activity: fs.waiting.activity, callId: fs.waiting.callId } : null;
    return {
      kind: this.kind,
      workId: this.input.workId,
      status: fs?.status ?? 'new',
      work: this.core?.work ?? this.input.work,
      flow: {
        key: this.flow?.key ?? this.input.flowKey,
        version: this.flow?.version ?? 0,
        nodeId: fs?.nodeId ?? 'start',
        path: fs?.path ?? [],
      },
      vars: fs?.vars ?? {},
      approval: fs?.approval ?? null,
      approvals: fs?.approvals ?? [],
      waitingFor: waiting,
      timers: this.timers,
      groupId: this.core?.groupId ?? null,
      assigneeId: this.core?.assigneeId ?? null,
      escalations: this.core?.escalations ?? 0,
      ended: fs?.ended ?? false,
      availableActions: this.ready ? availableActions(this.flow.definition, fs, { work: this.core.work, now: this.now() }) : [],
      seq: this.core?.seq ?? 0,
      createdBy: this.input.createdBy,
      createdAt: this.core?.createdAt ?? this.input.createdAt,
      updatedAt: this.core?.updatedAt ?? this.input.createdAt,
      closedAt: this.core?.closedAt ?? null,
    };
  }

  async run(): Promise<FlowWorkSnapshot> {
    wf.setHandler(getFlowWorkQuery, () => this.snapshot());
    wf.setHandler(flowWorkIntakeUpdate, async () => {
      await wf.condition(() => this.ready);
      await this.intakeRecorded;
      return this.snapshot();
    });
    wf.setHandler(flowWorkActUpdate, (req) => this.act(req), { validator: (req) => this.validate(req) });

    if (this.input.carried) {
      const c = this.input.carried;
      this.flow = c.flow;
      this.flowState = c.flowState;
      this.core = c.core;
      this.timers = c.timers;
      this.ready = true;
    } else {
      await this.begin();
    }

    while (!this.flowState.ended) {
      const seen = this.changes;
      const wake = this.timers.length ? Math.min(...this.timers.map((t) => Date.parse(t.dueAt))) : null;
      const waitMs = wake === null ? undefined : Math.max(1, wake - Date.now());
      const woken = await wf.condition(() => this.changes !== seen || this.flowState.ended, waitMs as number);
      if (!woken) this.fireDue();
      if (wf.workflowInfo().continueAsNewSuggested && this.inFlight === 0 && wf.allHandlersFinished()) {
        await wf.condition(wf.allHandlersFinished);
        await this.drain();
        if (this.inFlight === 0 && !this.flowState.ended) {
          const carried: CarriedFlowWork = { flow: this.flow, flowState: this.flowState, core: this.core, timers: this.timers };
          await wf.continueAsNew<(i: FlowWorkInput) => Promise<FlowWorkSnapshot>>({ ...this.input, carried });
        }
      }
    }
    await wf.condition(() => wf.allHandlersFinished() && this.inFlight === 0);
    await this.drain();
    return this.snapshot();
  }

  /** Creation: pin the flow version and run it to where it first waits. */
  private async begin(): Promise<void> {
    this.flow = await loadPublishedFlow(this.input.flowKey);
    if (this.flow.definition.kind !== this.kind)
      throw wf.ApplicationFailure.nonRetryable(
        `flow '${this.flow.key}' is a ${this.flow.definition.kind} flow, not ${this.kind}`,
        'FlowKindMismatch',
      );
    if (this.flow.definition.nodes.some((n) => n.type === 'subflow'))
      throw wf.ApplicationFailure.nonRetryable(
        `flow '${this.flow.key}': subflows are not supported for ${this.kind} work`,
        'FlowUnsupported',
      );
    const at = this.now();
    this.core = {
      work: { ...this.input.work },
      groupId: null,
      assigneeId: null,
      escalations: 0,
      seq: 0,
      createdAt: at,
      updatedAt: at,
      closedAt: null,
    };
    const result = interpret(this.flow.definition, null, { type: 'start' }, { work: this.core.work, now: at });
    this.flowState = result.state;
    this.core.work = { ...this.core.work, ...result.sets };
    if (ends(result.commands)) this.core.closedAt = at;
    this.armTimers(result.commands);
    const created = this.commit({
      type: `${this.kind}.created`,
      actor: this.input.createdBy,
      at,
      fromStatus: null,
      toStatus: this.flowState.status,
      payload: { ...this.input.work, receivedAt: this.input.createdAt, flow: { key: this.flow.key, version: this.flow.version } },
    });
    this.runCommands(result.commands, this.core.seq, true);
    this.intakeRecorded = created;
    this.ready = true;
  }

  private parse(req: FlowActionRequest): Record<string, unknown> {
    const parsed = this.hooks.parsePayload ? this.hooks.parsePayload(req.action, req.payload ?? {}) : (req.payload ?? {});
    if (typeof parsed === 'string') refuse(`invalid payload for '${req.action}': ${parsed}`, 'invalid_payload');
    return parsed;
  }

  private validate(req: FlowActionRequest): void {
    const payload = this.parse(req);
    if (!this.ready) return; // checked again by the handler once the flow is loaded
    const refusal = actionRefusal(this.flow.definition, this.flowState, req.action, {
      work: this.core.work,
      now: this.now(),
      payload,
      actor: req.actor,
      actorRoles: req.actorRoles,
    });
    if (refusal) refuse(refusal.message, 'invalid_state');
  }

  private async act(req: FlowActionRequest): Promise<FlowWorkSnapshot> {
    await wf.condition(() => this.ready);
    this.validate(req);
    const payload = this.parse(req);
    const at = this.now();
    const apply = this.hooks.applyAction ?? defaultApplyAction;
    const work = apply(this.core.work, { ...req, payload }, at);
    let write: Promise<unknown>;
    try {
      write = this.feed(
        { type: 'action', action: req.action, payload, actor: req.actor, ...(req.actorRoles ? { actorRoles: req.actorRoles } : {}) },
        { type: `${this.kind}.${req.action}`, actor: req.actor, payload },
        work,
      );
    } catch (err) {
      if (err instanceof FlowRefusal) refuse(err.message, 'invalid_state');
      throw err;
    }
    await write;
    return this.snapshot();
  }

  /**
   * One event into the interpreter: applies its result, records the change, carries out the
   * commands. Throws FlowRefusal with nothing changed.
   */
  private feed(
    event: FlowEvent,
    record: { type: string; actor: string; payload: Record<string, unknown> },
    work: Record<string, unknown> = this.core.work,
  ): Promise<unknown> {
    const at = this.now();
    const fromStatus = this.flowState.status;
    const result = interpret(this.flow.definition, this.flowState, event, { work, now: at });
    this.flowState = result.state;
    this.core = { ...this.core, work: { ...work, ...result.sets }, ...(ends(result.commands) ? { closedAt: at } : {}) };
    const decided = result.commands.flatMap((c) => (c.type === 'approval-decided' ? [c.record] : []));
    this.armTimers(result.commands);
    const write = this.commit({
      type: record.type,
      actor: record.actor,
      at,
      fromStatus,
      toStatus: this.flowState.status,
      payload: { ...record.payload, ...(decided.length ? { approvals: decided } : {}), nodeId: this.flowState.nodeId },
    });
    this.runCommands(result.commands, this.core.seq);
    this.changes++;
    return write;
  }

  private fireDue(): void {
    const now = Date.now();
    for (const timer of this.timers.filter((t) => Date.parse(t.dueAt) <= now)) {
      if (!this.timers.includes(timer)) continue; // an earlier timeout moved the work on
      this.timers = this.timers.filter((t) => t !== timer);
      try {
        void this.feed(
          { type: 'timeout', edgeId: timer.edgeId },
          { type: `${this.kind}.timeout`, actor: 'system', payload: { edgeId: timer.edgeId } },
        );
      } catch (err) {
        if (!(err instanceof FlowRefusal)) throw err;
      }
    }
    this.changes++;
  }

  /** Arms the new node's time limits, before the change is recorded, so the recorded state shows them. */
  private armTimers(commands: FlowCommand[]): void {
    const now = Date.now();
    for (const c of commands)
      if (c.type === 'arm-timeouts')
        this.timers = c.timeouts.map((t) => ({ edgeId: t.edgeId, dueAt: new Date(now + t.minutes * 60_000).toISOString() }));
  }

  /** Carries out the interpreter's commands; state changes happen here, I/O is queued as activities. */
  private runCommands(commands: FlowCommand[], seq: number, created = false): void {
    let hold = this.core.ticketHold ?? null;
    commands.forEach((c, i) => {
      const key = `${this.input.workId}:${seq}:${i}`;
      switch (c.type) {
        case 'arm-timeouts':
          break; // armed by armTimers() before the change was recorded
        case 'end':
          // feed() stamped it before recording the final event; a carried state from before may not have
          this.core = { ...this.core, closedAt: this.core.closedAt ?? this.now() };
          break;
        case 'enter':
          // every node entered says whether it holds the ticket's clocks; the last one stands
          hold = c.pauseSla ?? null;
          break;
        case 'run-activity':
          this.pending.push(this.call(c));
          break;
        case 'start-child':
        case 'cancel-child':
          // refused when the flow was pinned; a carried flow cannot have changed since
          throw wf.ApplicationFailure.nonRetryable(`${c.type} is not supported for ${this.kind} work`, 'FlowUnsupported');
        case 'step': {
          const step = c.step;
          if (step.do === 'notify') this.notify(step.channel, step.target, step.template, key);
          else if (step.do === 'assign')
            this.core = {
              ...this.core,
              assigneeId: step.clear ? null : (step.assignee ?? this.core.assigneeId),
              groupId: step.group ?? this.core.groupId,
            };
          else if (step.do === 'escalate') this.escalate(step.group ?? 'team_lead', step.level, key);
          // 'set' was applied by the interpreter; sla and webhook steps have no meaning outside tickets
          break;
        }
        default:
          // approval-requested, approval-decided: the state and the recorded event carry them
          break;
      }
    });
    this.reportToTicket(hold, created);
  }

  /**
   * Tells the linked ticket what changed for it: that the work exists, the hold its state places on
   * the ticket's clocks (recorded on this side too), its end. One report per change, numbered by
   * this work's last event, so the ticket drops repeats and reports overtaken by later ones.
   */
  private reportToTicket(hold: string | null, created: boolean): void {
    const ticketId = this.core.work.ticketId;
    if (typeof ticketId !== 'string' || !ticketId) return;
    const ended = this.flowState.ended;
    const held = ended ? null : hold;
    const previous = this.core.ticketHold ?? null;
    if (!created && !ended && held === previous) return;
    if (!wf.patched(LINKED_TICKET_PATCH)) return;
    this.core = { ...this.core, ticketHold: held };
    if (held !== previous)
      this.commit({
        type: `${this.kind}.ticket-sla-${held ? 'held' : 'released'}`,
        actor: 'system',
        at: this.now(),
        fromStatus: this.flowState.status,
        toStatus: this.flowState.status,
        payload: { ticketId, reason: held ?? previous },
      });
    this.pending.push(
      reportLinkedWork({
        ticketId,
        report: {
          kind: this.kind,
          workId: this.input.workId,
          seq: this.core.seq,
          at: this.now(),
          status: this.flowState.status,
          hold: held,
          ended,
        },
      }),
    );
  }

  private escalate(group: string, level: number | undefined, key: string): void {
    this.core = { ...this.core, escalations: this.core.escalations + 1 };
    this.commit({
      type: `${this.kind}.escalated`,
      actor: 'system',
      at: this.now(),
      fromStatus: this.flowState.status,
      toStatus: this.flowState.status,
      payload: { group, level: level ?? null, count: this.core.escalations, nodeId: this.flowState.nodeId },
    });
    this.notify('wecom', group, `${this.kind}_escalated`, `${key}:escalated`);
  }

  /** One outside call; its outcome goes back into the flow (a compensation's is only recorded). */
  private async call(c: Extract<FlowCommand, { type: 'run-activity' }>): Promise<void> {
    this.inFlight++;
    const compensation = c.compensation === true;
    let outcome: { ok: true; result: unknown } | { ok: false; error: string };
    try {
      const result = await runFlowCall({
        kind: this.kind,
        workId: this.input.workId,
        workflowId: wf.workflowInfo().workflowId,
        callId: c.callId,
        activity: c.activity,
        input: c.input,
        compensation,
        work: this.core.work,
        vars: this.flowState.vars ?? {},
        at: this.now(),
      });
      outcome = { ok: true, result };
    } catch (err) {
      if (!(err instanceof wf.ActivityFailure)) throw err;
      outcome = { ok: false, error: failureReason(err) };
    } finally {
      this.inFlight--;
    }
    const detail = { activity: c.activity, callId: c.callId };
    if (compensation) {
      this.commit({
        type: `${this.kind}.${outcome.ok ? 'compensated' : 'compensation-failed'}`,
        actor: 'system',
        at: this.now(),
        fromStatus: this.flowState.status,
        toStatus: this.flowState.status,
        payload: { ...detail, ...(outcome.ok ? { result: outcome.result } : { error: outcome.error }) },
      });
      this.changes++;
      return;
    }
    try {
      await (outcome.ok
        ? this.feed(
            { type: 'activity-result', callId: c.callId, result: outcome.result },
            { type: `${this.kind}.activity-completed`, actor: 'system', payload: { ...detail, result: outcome.result } },
          )
        : this.feed(
            { type: 'activity-failed', callId: c.callId, error: outcome.error },
            { type: `${this.kind}.activity-failed`, actor: 'system', payload: { ...detail, error: outcome.error } },
          ));
    } catch (err) {
      // The work moved on meanwhile (a cancel while the call ran): the late answer is dropped.
      if (!(err instanceof FlowRefusal)) throw err;
      this.changes++;
    }
  }

  private notify(channel: string, target: string, template: string, idempotencyKey: string): void {
    const w = this.core.work;
    this.pending.push(
      sendNotification({
        idempotencyKey,
        ticketId: this.input.workId,
        channel,
        target,
        template,
        vars: {
          workId: this.input.workId,
          [`${this.kind}Id`]: this.input.workId,
          status: this.flowState.status,
          customerId: w.customerId ?? null,
          assigneeId: this.core.assigneeId,
          ...(this.hooks.notifyVars?.(w) ?? {}),
        },
      }).catch((err: unknown) => {
        // A message that cannot be sent (no template, channel refused) never stops the work.
        if (!(err instanceof wf.ActivityFailure)) throw err;
      }),
    );
  }

  /** Numbers the event and records it with the item's new snapshot; returns the write. */
  private commit(e: Omit<FlowWorkEvent, 'seq'>): Promise<unknown> {
    const seq = this.core.seq + 1;
    this.core = { ...this.core, seq, updatedAt: e.at };
    const { availableActions: _a, ...state } = this.snapshot();
    const write = recordFlowWorkEvent({ kind: this.kind, state, event: { ...e, seq } });
    this.pending.push(write);
    return write;
  }

  /** Waits for every queued write, call and notification, including those queued meanwhile. */
  private async drain(): Promise<void> {
    while (this.pending.length) await Promise.all(this.pending.splice(0));
  }
}
