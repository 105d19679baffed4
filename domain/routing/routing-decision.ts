import { DEFAULT_HANDLING_MINUTES, type RoutingAgent, type RoutingGroup, type RoutingStrategy, type RoutingTicket } from './routing-model';
import { isLowRisk } from './queue-order';

/**
 * Who gets a ticket, and why (issue 5 item 5). Pure: the caller loads the group, its members with
 * their open-ticket counts, who is on duty and the group's round-robin cursor; the decision names
 * every candidate with its score or the reasons it was left out, so it can be shown afterwards.
 */
export type ExclusionReason =
  | 'not_in_group'
  | 'not_available'
  | 'at_capacity'
  | 'skill_mismatch'
  | 'level_too_low'
  | 'new_hire_high_risk'
  | 'not_on_duty'
  | 'previous_assignee';

export interface CandidateView {
  agentId: string;
  eligible: boolean;
  excluded: ExclusionReason[];
  /** the best matching skill level, 0 when none matches */
  skillLevel: number;
  openTickets: number;
  maxConcurrent: number;
  /** weighted strategy: minutes until this agent would have finished their queue and this ticket */
  expectedFinishMinutes: number;
  /** lower is better under the group's strategy; null when excluded */
  score: number | null;
}

export interface RoutingInput {
  ticket: RoutingTicket;
  group: RoutingGroup;
  /** the group's members (others are reported as not_in_group); mentors may come from any group */
  agents: RoutingAgent[];
  /** agents with an on_duty roster entry covering now (P1 goes to them) */
  onDutyAgentIds?: ReadonlySet<string>;
  /** last agent the group's round robin gave work to */
  roundRobinCursor?: string | null;
  /** a named person the customer or agent booked */
  bookedAgentId?: string | null;
  /** re-route: who must not get it again (the assignee who did not accept in time) */
  excludeAgentIds?: readonly string[];
  /** agents outside the group that may be picked as mentors */
  mentors?: RoutingAgent[];
  now: Date;
}

export type RoutingRule = 'booked' | 'strategy' | 'mentor_fallback' | 'none';

export interface RoutingDecision {
  assigneeId: string | null;
  groupId: string;
  strategy: RoutingStrategy;
  rule: RoutingRule;
  /** human-readable, zh-CN first */
  reason: string;
  lowRisk: boolean;
  p1OnDuty: 'not_p1' | 'on_duty' | 'no_one_on_duty_fallback_to_group';
  booking?: { agentId: string; honoured: boolean; excluded: ExclusionReason[] };
  candidates: CandidateView[];
  /** what to store as the group's cursor when the strategy is round robin */
  nextRoundRobinCursor: string | null;
}

function skillLevelFor(agent: RoutingAgent, need: { productLine: string; region: string; issueType: string }): number {
  let best = 0;
  for (const s of agent.skills) {
    const fits =
      (s.productLine === '*' || need.productLine === '*' || s.productLine === need.productLine) &&
      (s.region === '*' || need.region === '*' || s.region === need.region) &&
      (s.issueType === '*' || need.issueType === '*' || s.issueType === need.issueType);
    if (fits && s.level > best) best = s.level;
  }
  return best;
}

export function expectedMinutes(agent: RoutingAgent, issueType: string): number {
  return agent.expectedMinutes[issueType] ?? agent.expectedMinutes['*'] ?? DEFAULT_HANDLING_MINUTES;
}

interface Assessment {
  view: CandidateView;
  agent: RoutingAgent;
  /** excluded for nothing but the new-hire rule: their mentor may take it */
  onlyRisk: boolean;
}

function assess(agent: RoutingAgent, input: RoutingInput, lowRisk: boolean, dutyApplies: boolean): Assessment {
  const { ticket, group } = input;
  const need = {
    productLine: group.requiredSkills.productLine ?? ticket.productLine,
    region: group.requiredSkills.region ?? ticket.region,
    issueType: group.requiredSkills.issueType ?? ticket.issueType,
  };
  const excluded: ExclusionReason[] = [];
  if (!agent.groups.includes(group.id)) excluded.push('not_in_group');
  if (agent.status !== 'available') excluded.push('not_available');
  if (agent.openTickets >= agent.maxConcurrent) excluded.push('at_capacity');
  const level = skillLevelFor(agent, need);
  if (level === 0) excluded.push('skill_mismatch');
  else if (level < group.requiredSkills.minLevel) excluded.push('level_too_low');
  if (input.excludeAgentIds?.includes(agent.id)) excluded.push('previous_assignee');
  if (dutyApplies && !input.onDutyAgentIds?.has(agent.id)) excluded.push('not_on_duty');
  const riskOnly = excluded.length === 0 && agent.newHire && !lowRisk;
  if (agent.newHire && !lowRisk) excluded.push('new_hire_high_risk');
  const finish = (agent.openTickets + 1) * expectedMinutes(agent, ticket.issueType);
  return {
    agent,
    onlyRisk: riskOnly,
    view: {
      agentId: agent.id,
      eligible: excluded.length === 0,
      excluded,
      skillLevel: level,
      openTickets: agent.openTickets,
      maxConcurrent: agent.maxConcurrent,
      expectedFinishMinutes: finish,
      score: null,
    },
  };
}

function scoreOf(strategy: RoutingStrategy, c: CandidateView): number {
  switch (strategy) {
    case 'fewest_open':
      // the load ratio breaks ties between equal counts: a bigger desk takes the next one
      return c.openTickets + c.openTickets / Math.max(1, c.maxConcurrent) / 1000;
    case 'weighted':
      return c.expectedFinishMinutes;
    case 'round_robin':
      return 0;
  }
}

/** Round robin: the first eligible id after the cursor in id order, wrapping around. */
function roundRobinPick(eligible: CandidateView[], cursor: string | null | undefined): CandidateView {
  const sorted = [...eligible].sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
  sorted.forEach((c, i) => (c.score = i));
  return (cursor ? sorted.find((c) => c.agentId > cursor) : undefined) ?? sorted[0]!;
}

function pickByScore(eligible: CandidateView[]): CandidateView {
  return eligible.reduce((best, c) => (c.score! < best.score! || (c.score === best.score && c.skillLevel > best.skillLevel) ? c : best));
}

const reasonText: Record<RoutingRule, (id: string | null, s: RoutingStrategy) => string> = {
  booked: (id) => `指定人员 ${id} 可接单 / booked agent ${id} is available and skilled`,
  strategy: (id, s) => `按策略 ${s} 分配给 ${id} / assigned to ${id} by ${s}`,
  mentor_fallback: (id) => `新人不接高风险工单，转其导师 ${id} / high-risk work goes to the new hire's mentor ${id}`,
  none: () => '无可分配人员 / no agent can take this ticket now',
};

export function decideRouting(input: RoutingInput): RoutingDecision {
  const { ticket, group } = input;
  const lowRisk = isLowRisk(ticket, input.now);
  const onDutyEligible =
    ticket.priority === 'P1' && input.onDutyAgentIds
      ? input.agents.some((a) => input.onDutyAgentIds!.has(a.id) && assess(a, input, lowRisk, true).view.eligible)
      : false;
  const dutyApplies = ticket.priority === 'P1' && onDutyEligible;
  const assessed = input.agents.map((a) => assess(a, input, lowRisk, dutyApplies));
  const p1OnDuty: RoutingDecision['p1OnDuty'] =
    ticket.priority !== 'P1' ? 'not_p1' : dutyApplies ? 'on_duty' : 'no_one_on_duty_fallback_to_group';
  const eligible = assessed.filter((a) => a.view.eligible).map((a) => a.view);
  for (const c of eligible) c.score = scoreOf(group.strategy, c);

  const base = {
    groupId: group.id,
    strategy: group.strategy,
    lowRisk,
    p1OnDuty,
    candidates: assessed.map((a) => a.view),
  };
  const decided = (assigneeId: string | null, rule: RoutingRule, extra: Partial<RoutingDecision> = {}): RoutingDecision => ({
    ...base,
    assigneeId,
    rule,
    reason: reasonText[rule](assigneeId, group.strategy),
    nextRoundRobinCursor: input.roundRobinCursor ?? null,
    ...extra,
  });

  let booking: RoutingDecision['booking'];
  if (input.bookedAgentId) {
    const b = assessed.find((a) => a.agent.id === input.bookedAgentId);
    const excluded: ExclusionReason[] = b ? b.view.excluded : ['not_in_group'];
    booking = { agentId: input.bookedAgentId, honoured: !!b?.view.eligible, excluded };
    if (b?.view.eligible) return decided(b.agent.id, 'booked', { booking });
  }

  if (eligible.length) {
    if (group.strategy === 'round_robin') {
      const pick = roundRobinPick(eligible, input.roundRobinCursor);
      return decided(pick.agentId, 'strategy', { booking, nextRoundRobinCursor: pick.agentId });
    }
    return decided(pickByScore(eligible).agentId, 'strategy', { booking });
  }

  // Skilled new hires were passed over only because the work is risky: their mentor takes it.
  const pool = new Map([...(input.mentors ?? []), ...input.agents].map((a) => [a.id, a]));
  const bookedHire = assessed.find((a) => a.agent.id === input.bookedAgentId && a.onlyRisk);
  const hires = [...(bookedHire ? [bookedHire] : []), ...assessed.filter((a) => a.onlyRisk)];
  for (const hire of hires) {
    const mentor = hire.agent.mentorId ? pool.get(hire.agent.mentorId) : undefined;
    if (
      mentor &&
      mentor.status === 'available' &&
      mentor.openTickets < mentor.maxConcurrent &&
      !input.excludeAgentIds?.includes(mentor.id)
    ) {
      return decided(mentor.id, 'mentor_fallback', { booking });
    }
  }
  return decided(null, 'none', { booking });
}
