import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  automationEventsFor,
  planAutomation,
  type AutomationChain,
  type AutomationPlan,
  type PinnedRuleSet,
  type RuleDecisionRecord,
} from '../../domain/automation/automation-plan';
import type { InboxKind, InboxRecipient } from '../../domain/inbox/inbox-messages';
import { NOTIFICATION_TEMPLATES } from '../../domain/notify/notification-templates';
import { STANDARD_POLICIES } from '../../domain/sla/sla-policy';
import { retargetTicketSla, type TicketSlaState } from '../../domain/sla/ticket-sla';
import { diffTicket } from '../../domain/ticket/ticket-actions';
import type { TicketEvent, TicketState } from '../../domain/ticket/ticket.schema';
import type { Action } from '../../rules/rule.schema';

const { recordRuleDecision } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});
const { startLinkedWork } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  // the start is idempotent (a derived number and key); a refusal comes back as a non-retryable failure
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 10 },
});
const { callRuleWebhook } = wf.proxyActivities<Activities>({
  // the activity answers refusals and non-2xx itself; retries cover a worker lost mid-call
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 5 },
});

/** What automation needs from the ticket's workflow: its state and the machinery human actions use. */
export interface AutomationHost {
  ruleSet(): PinnedRuleSet | undefined;
  ticket(): TicketState;
  setTicket(t: TicketState): void;
  sla(): TicketSlaState;
  setSla(s: TicketSlaState): void;
  now(): Date;
  nextDecisionNo(): number;
  /** records a numbered event; returns the write */
  commit(e: Omit<TicketEvent, 'seq'>): Promise<unknown>;
  /** a ticket action through the flow, as an agent's; returns the refusal instead of throwing */
  perform(action: string, payload: Record<string, unknown>, actor: string): { refused: string } | { write: Promise<unknown> };
  notify(channel: string, target: string, template: string, idempotencyKey: string, extra?: Record<string, unknown>): void;
  inbox(kind: InboxKind, recipients: InboxRecipient[], seq: number, vars?: Record<string, unknown>): void;
  queue(p: Promise<unknown>): void;
}

type Taken = RuleDecisionRecord['taken'][number];

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/**
 * Runs the pinned automation rules on a ticket event that was just committed (`before` is the
 * ticket before it; null for creation), carries out what matched, and records the decision.
 * Every change a rule makes is an event whose actor is `rule:<key>@v<version>`, and evaluates the
 * rules again one level deeper; the chain is cut by the loop guard (domain/automation).
 */
export function automate(host: AutomationHost, type: string, before: TicketState | null, chain?: AutomationChain): void {
  const ruleSet = host.ruleSet();
  if (!ruleSet) return; // tickets from before automation rules run none
  const ticket = host.ticket();
  const changes = before ? diffTicket(before, ticket) : {};
  const events = automationEventsFor(type, !!before && before.status !== ticket.status, Object.keys(changes));
  const now = host.now().toISOString();
  const link = chain ?? { originSeq: ticket.seq, depth: 0, fired: [] };
  const plan = planAutomation(ruleSet, {
    events,
    eventSeq: ticket.seq,
    ticket: ticket as unknown as Record<string, unknown>,
    previous: before ? (before as unknown as Record<string, unknown>) : undefined,
    now,
    chain: link,
  });
  if (!plan) return;
  const decisionNo = host.nextDecisionNo();
  const taken: Taken[] = [];
  const next: AutomationChain = {
    originSeq: link.originSeq,
    depth: link.depth + 1,
    fired: [...link.fired, ...plan.run.map((r) => r.ruleKey)],
  };
  for (const r of plan.run) {
    const actor = `rule:${r.ruleKey}@v${ruleSet.version}`;
    r.actions.forEach((a, i) => taken.push(carryOut(host, plan, a, actor, r.ruleKey, next, `${ticket.ticketId}:rule:${decisionNo}:${i}`)));
  }
  host.queue(recordRuleDecision({ ticketId: ticket.ticketId, decisionNo, decidedAt: now, plan, taken }));
}

/**
 * A rule's create_rma / create_visit: the work is started by an activity through the same start as
 * POST /api/v1/rmas and /visits (activities/linked-work.activities.ts says why not as a child
 * workflow), under a number derived from `key` (ticket, rule, decision), so a retry or a replay
 * never starts two. The outcome is a `rule.<action>` event: the work's id, or exactly what the
 * ticket lacks (nothing is started then) with the group told; the work itself reports `work.linked`.
 */
async function startLinked(
  host: AutomationHost,
  kind: 'rma' | 'visit',
  a: Record<string, unknown>,
  actor: string,
  ruleKey: string,
  group: string,
  key: string,
): Promise<void> {
  const t = host.ticket();
  const action = kind === 'rma' ? 'create_rma' : 'create_visit';
  const reason = str(a.reason) ?? null;
  let payload: Record<string, unknown>;
  try {
    const out = await startLinkedWork({
      kind,
      actor,
      key,
      at: host.now().toISOString(),
      reason,
      ticket: {
        ticketId: t.ticketId,
        customerId: t.customerId,
        orderId: t.orderId ?? null,
        assetId: t.assetId ?? null,
        serialNo: t.serialNo ?? null,
        sku: t.sku ?? null,
        description: t.description,
        region: t.region ?? null,
        category1: t.category1 ?? null,
        priority: t.priority,
        evidence: [...(t.details?.evidence ?? []), ...(t.attachments ?? [])],
      },
    });
    payload = out.started
      ? { status: 'started', kind, workId: out.workId, [`${kind}Id`]: out.workId, workStatus: out.status, reason }
      : { status: 'not_started', kind, missing: out.missing, reason };
  } catch (err) {
    if (!(err instanceof wf.ActivityFailure)) throw err;
    payload = { status: 'failed', kind, error: err.cause?.message ?? err.message, reason };
  }
  const now = host.ticket();
  await host.commit({
    type: `rule.${action}`,
    actor,
    at: host.now().toISOString(),
    fromStatus: now.status,
    toStatus: now.status,
    changes: {},
    payload,
  });
  if (payload.status === 'started') return;
  const what = kind === 'rma' ? 'RMA' : 'visit';
  const lacking = Array.isArray(payload.missing)
    ? `missing ${(payload.missing as { field: string; message: string }[]).map((m) => `${m.field} (${m.message})`).join('; ')}`
    : String(payload.error);
  host.inbox('escalated', [{ type: 'group', id: group }], host.ticket().seq, {
    reason: `rule ${ruleKey}: ${what} not started — ${lacking}`,
  });
}

/** One action of a matched rule; returns what happened, for the decision record. */
function carryOut(
  host: AutomationHost,
  plan: AutomationPlan,
  action: Action,
  actor: string,
  ruleKey: string,
  chain: AutomationChain,
  key: string,
): Taken {
  const a = action as unknown as Record<string, unknown>;
  const name = String(a.action);
  const taken = (outcome: string): Taken => ({ ruleKey, action: name, outcome, eventSeq: host.ticket().seq });
  const at = () => host.now().toISOString();
  const before = host.ticket();

  /** a change made here rather than through the flow: commit it and let rules see it */
  const change = (next: TicketState, payload: Record<string, unknown>): Taken => {
    host.setTicket({ ...next, updatedAt: at(), audit: { ...next.audit, updatedBy: actor } });
    const diff = diffTicket(before, host.ticket());
    if (!Object.keys(diff).length) return { ruleKey, action: name, outcome: 'no change' };
    host.commit({ type: `rule.${name}`, actor, at: at(), fromStatus: before.status, toStatus: before.status, changes: diff, payload });
    const done = taken('applied');
    automate(host, `rule.${name}`, before, chain);
    return done;
  };
  /** an action through the flow, as an agent would take it */
  const viaFlow = (ticketAction: string, payload: Record<string, unknown>): Taken | null => {
    const r = host.perform(ticketAction, payload, actor);
    if ('refused' in r) return null;
    const done = taken(`applied as ${ticketAction}`);
    automate(host, `ticket.${ticketAction}`, before, chain);
    return done;
  };
  /** a request the platform cannot yet fulfil itself: on record, and the responsible group told */
  const request = (group: string, reason: string, payload: Record<string, unknown>): Taken => {
    host.commit({
      type: `rule.${name}`,
      actor,
      at: at(),
      fromStatus: before.status,
      toStatus: before.status,
      changes: {},
      payload: { ...payload, status: 'requested' },
    });
    host.inbox(name === 'request_approval' ? 'approval_waiting' : 'escalated', [{ type: 'group', id: group }], host.ticket().seq, {
      reason,
    });
    return taken(`requested; ${group} told`);
  };

  switch (name) {
    case 'assign': {
      const assignee = str(a.assignee) ?? str(a.assigneeId);
      const group = str(a.group) ?? str(a.groupId);
      if (assignee) {
        const done = viaFlow('assign', { assigneeId: assignee, ...(group ? { groupId: group } : {}) });
        if (done) return done;
      }
      // A group alone routes the ticket to that queue; it waits there for someone to take it.
      return change({ ...before, groupId: group ?? before.groupId, assigneeId: assignee ?? before.assigneeId }, { group, assignee });
    }
    case 'notify': {
      const requested = str(a.template);
      const template = requested && NOTIFICATION_TEMPLATES[requested] ? requested : 'ticket_escalated';
      const channel = str(a.channel) ?? 'wecom';
      const target = str(a.target) ?? 'team_lead';
      host.notify(channel, target, template, key, { rule: ruleKey });
      host.commit({
        type: 'rule.notify',
        actor,
        at: at(),
        fromStatus: before.status,
        toStatus: before.status,
        changes: {},
        payload: { channel, target, template, ...(requested && requested !== template ? { unknownTemplate: requested } : {}) },
      });
      return taken(`sent via ${channel} to ${target}`);
    }
    case 'start_timer':
    case 'set_sla_policy': {
      const policyId = str(a.sla) ?? str(a.policy) ?? str(a.policyId);
      if (!policyId || !STANDARD_POLICIES[policyId]) return { ruleKey, action: name, outcome: `unknown SLA policy '${policyId}'` };
      const from = host.sla().policy.id;
      // A contract's policy only ever tightens the priority's (domain/sla); a rule's does the same.
      host.setSla(
        retargetTicketSla(
          host.sla(),
          {
            priority: before.priority,
            entitlement: before.entitlement ?? null,
            contract: { ...(before.coverage ?? {}), slaPolicyId: policyId },
          },
          host.now(),
        ),
      );
      const to = host.sla().policy.id;
      host.commit({
        type: `rule.${name}`,
        actor,
        at: at(),
        fromStatus: before.status,
        toStatus: before.status,
        changes: {},
        payload: { policyId, from, to },
      });
      return taken(from === to ? `SLA stays on ${to}` : `SLA ${from} → ${to}`);
    }
    case 'set_priority': {
      const priority = str(a.priority);
      if (!priority || priority === before.priority) return { ruleKey, action: name, outcome: 'no change' };
      return (
        viaFlow('change-priority', { priority, reason: `automation rule ${ruleKey}` }) ?? {
          ruleKey,
          action: name,
          outcome: `change-priority is not allowed while the ticket is ${before.status}`,
        }
      );
    }
    case 'add_tags':
    case 'remove_tags': {
      const tags = Array.isArray(a.tags) ? a.tags.filter((t): t is string => typeof t === 'string') : [];
      const current = before.tags ?? [];
      const next =
        name === 'add_tags' ? [...current, ...tags.filter((t) => !current.includes(t))] : current.filter((t) => !tags.includes(t));
      return change({ ...before, tags: next }, { tags });
    }
    case 'escalate': {
      const level = str(a.level);
      const group = str(a.group) ?? str(a.groupId);
      if (level && ['L2', 'L3', 'vendor'].includes(level)) {
        const done = viaFlow('escalate', { level, reason: `automation rule ${ruleKey}`, ...(group ? { groupId: group } : {}) });
        if (done) return done;
      }
      // Not escalatable in this state (or a group only): tell the group, as the escalation ladder does.
      const target = group ?? 'team_lead';
      host.setTicket({ ...before, groupId: group ?? before.groupId });
      host.commit({
        type: 'rule.escalate',
        actor,
        at: at(),
        fromStatus: before.status,
        toStatus: before.status,
        changes: diffTicket(before, host.ticket()),
        payload: { level: level ?? null, group: target },
      });
      host.notify('wecom', target, 'ticket_escalated', key, { rule: ruleKey });
      host.inbox('escalated', [{ type: 'group', id: target }], host.ticket().seq, { reason: `automation rule ${ruleKey}` });
      const done = taken(`${target} told`);
      automate(host, 'rule.escalate', before, chain);
      return done;
    }
    case 'request_approval':
      return request(str(a.group) ?? 'team_lead', `rule ${ruleKey}: approval ${str(a.level) ?? ''} ${str(a.reason) ?? ''}`.trim(), {
        level: a.level ?? null,
        reason: a.reason ?? null,
        note: 'approvals arrive with a later issue; the request is on record and the group is told',
      });
    case 'create_rma':
    case 'create_visit': {
      const kind = name === 'create_rma' ? 'rma' : 'visit';
      const group = str(a.group) ?? (kind === 'rma' ? 'logistics' : 'field_service');
      // Tickets whose rules fired before RMAs and visits could be started keep the request they made.
      if (!wf.patched('rule-starts-linked-work'))
        return request(group, `rule ${ruleKey}: ${kind === 'rma' ? 'RMA' : 'visit'} ${str(a.reason) ?? ''}`.trim(), {
          reason: a.reason ?? null,
          note: `${kind === 'rma' ? 'RMAs' : 'visits'} arrive with a later issue; nothing was started, the request is on record and the group is told`,
        });
      host.queue(startLinked(host, kind, a, actor, ruleKey, group, `${key}:${ruleKey}`));
      return taken(`starting the ${kind} (the outcome is recorded as a rule.${name} event)`);
    }
    case 'call_webhook': {
      const url = str(a.url);
      if (!url) return { ruleKey, action: name, outcome: 'no url' };
      const event = str(a.event) ?? 'rule.webhook';
      const t = host.ticket();
      host.queue(
        callRuleWebhook({
          url,
          ticketId: t.ticketId,
          actor,
          event,
          idempotencyKey: key,
          body: { ticketId: t.ticketId, status: t.status, priority: t.priority, ruleSetVersion: plan.ruleSetVersion, ruleKey },
        })
          .catch((err: unknown): { status: string; error: string } => ({
            status: 'failed',
            error: err instanceof Error ? err.message : String(err),
          }))
          .then((outcome) =>
            host.commit({
              type: 'rule.call_webhook',
              actor,
              at: host.now().toISOString(),
              fromStatus: host.ticket().status,
              toStatus: host.ticket().status,
              changes: {},
              payload: { url, event, ...outcome },
            }),
          ),
      );
      return taken('queued (the outcome is recorded as a rule.call_webhook event)');
    }
    default:
      return { ruleKey, action: name, outcome: 'unknown action' };
  }
}
