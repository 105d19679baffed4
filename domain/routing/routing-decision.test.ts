import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderQueue } from './queue-order';
import { decideRouting, type RoutingInput } from './routing-decision';
import type { RoutingAgent, RoutingGroup, RoutingTicket } from './routing-model';

const now = new Date('2026-11-25T02:00:00Z'); // 10:00 Beijing time

const agent = (id: string, over: Partial<RoutingAgent> = {}): RoutingAgent => ({
  id,
  name: id,
  groups: ['g_tv'],
  skills: [{ productLine: 'ABC', region: '华东', issueType: '质量问题', level: 3 }],
  newHire: false,
  mentorId: null,
  maxConcurrent: 5,
  status: 'available',
  openTickets: 0,
  expectedMinutes: {},
  ...over,
});

/** The fixed roster every case starts from. */
const roster = (): RoutingAgent[] => [
  agent('a_chen', { openTickets: 3, expectedMinutes: { 质量问题: 20 } }),
  agent('a_li', { openTickets: 1, expectedMinutes: { 质量问题: 90 } }),
  agent('a_wang', { openTickets: 2, expectedMinutes: { 质量问题: 30 } }),
  agent('a_zhao', { status: 'away' }),
  agent('a_xu', { skills: [{ productLine: 'XYZ', region: '华东', issueType: '质量问题', level: 4 }] }),
  agent('n_sun', { newHire: true, mentorId: 'a_wang', openTickets: 0 }),
];

const group = (strategy: RoutingGroup['strategy']): RoutingGroup => ({
  id: 'g_tv',
  name: '电视质量组',
  requiredSkills: { minLevel: 2 },
  strategy,
});

const ticket = (over: Partial<RoutingTicket> = {}): RoutingTicket => ({
  issueType: '质量问题',
  productLine: 'ABC',
  region: '华东',
  priority: 'P3',
  customerTier: 'standard',
  ...over,
});

const input = (over: Partial<RoutingInput> = {}): RoutingInput => ({
  ticket: ticket(),
  group: group('fewest_open'),
  agents: roster(),
  now,
  ...over,
});

const candidate = (d: ReturnType<typeof decideRouting>, id: string) => d.candidates.find((c) => c.agentId === id)!;

describe('routing strategies on a fixed roster', () => {
  it('explains every exclusion: away, skill mismatch', () => {
    const d = decideRouting(input());
    assert.deepEqual(candidate(d, 'a_zhao').excluded, ['not_available']);
    assert.deepEqual(candidate(d, 'a_xu').excluded, ['skill_mismatch']);
    assert.equal(candidate(d, 'a_zhao').score, null);
    assert.equal(d.candidates.length, 6);
  });

  it('fewest open: the low-risk ticket goes to the idle new hire, then the least loaded veteran', () => {
    assert.equal(decideRouting(input()).assigneeId, 'n_sun');
    const agents = roster().filter((a) => a.id !== 'n_sun');
    const d = decideRouting(input({ agents }));
    assert.equal(d.assigneeId, 'a_li');
    assert.equal(d.rule, 'strategy');
    assert.equal(candidate(d, 'a_li').score! < candidate(d, 'a_wang').score!, true);
  });

  it('weighted: expected finish time (open + 1) × minutes for the issue type decides, not the count', () => {
    const agents = roster().filter((a) => a.id !== 'n_sun');
    const d = decideRouting(input({ agents, group: group('weighted') }));
    // chen 4×20 = 80, wang 3×30 = 90, li 2×90 = 180
    assert.equal(d.assigneeId, 'a_chen');
    assert.deepEqual(
      ['a_chen', 'a_wang', 'a_li'].map((id) => candidate(d, id).score),
      [80, 90, 180],
    );
  });

  it('round robin: walks eligible agents in id order from the stored cursor and wraps', () => {
    const agents = roster().filter((a) => a.id !== 'n_sun');
    const picks: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 4; i++) {
      const d = decideRouting(input({ agents, group: group('round_robin'), roundRobinCursor: cursor }));
      picks.push(d.assigneeId!);
      cursor = d.nextRoundRobinCursor;
    }
    assert.deepEqual(picks, ['a_chen', 'a_li', 'a_wang', 'a_chen']);
  });

  it('new-hire protection: high-risk work skips the new hire; with no one else it falls back to the mentor', () => {
    const vip = ticket({ customerTier: 'vip' });
    const d = decideRouting(input({ ticket: vip }));
    assert.deepEqual(candidate(d, 'n_sun').excluded, ['new_hire_high_risk']);
    assert.notEqual(d.assigneeId, 'n_sun');
    assert.equal(d.lowRisk, false);

    // only the new hire has the skill in the group; the mentor sits in another group
    const mentor = agent('a_wang', { groups: ['g_senior'] });
    const only = decideRouting(input({ ticket: vip, agents: [agent('n_sun', { newHire: true, mentorId: 'a_wang' })], mentors: [mentor] }));
    assert.equal(only.assigneeId, 'a_wang');
    assert.equal(only.rule, 'mentor_fallback');
    assert.match(only.reason, /导师/);
  });

  it('P1 goes to the on-duty roster; with no one on duty eligible it falls back to the group', () => {
    const p1 = ticket({ priority: 'P1' });
    const d = decideRouting(input({ ticket: p1, onDutyAgentIds: new Set(['a_chen']) }));
    assert.equal(d.assigneeId, 'a_chen');
    assert.equal(d.p1OnDuty, 'on_duty');
    assert.ok(candidate(d, 'a_li').excluded.includes('not_on_duty'));

    const away = decideRouting(input({ ticket: p1, onDutyAgentIds: new Set(['a_zhao']) }));
    assert.equal(away.p1OnDuty, 'no_one_on_duty_fallback_to_group');
    assert.equal(away.assigneeId, 'a_li');
  });

  it('booking a named person: honoured when available and skilled, else explained and routed on', () => {
    const ok = decideRouting(input({ bookedAgentId: 'a_chen' }));
    assert.equal(ok.assigneeId, 'a_chen');
    assert.equal(ok.rule, 'booked');
    assert.deepEqual(ok.booking, { agentId: 'a_chen', honoured: true, excluded: [] });

    const away = decideRouting(input({ bookedAgentId: 'a_zhao' }));
    assert.deepEqual(away.booking, { agentId: 'a_zhao', honoured: false, excluded: ['not_available'] });
    assert.equal(away.rule, 'strategy');
    assert.equal(away.assigneeId, 'n_sun');

    const stranger = decideRouting(input({ bookedAgentId: 'nobody' }));
    assert.deepEqual(stranger.booking?.excluded, ['not_in_group']);
  });

  it('re-route after a missed acceptance never hands it back to the previous assignee', () => {
    const agents = roster().filter((a) => a.id !== 'n_sun');
    const d = decideRouting(input({ agents, excludeAgentIds: ['a_li'] }));
    assert.deepEqual(candidate(d, 'a_li').excluded, ['previous_assignee']);
    assert.equal(d.assigneeId, 'a_wang');
  });

  it('capacity: an agent at max concurrent is excluded; nobody left → no assignee, reason given', () => {
    const agents = [agent('a_full', { openTickets: 5 })];
    const d = decideRouting(input({ agents }));
    assert.equal(d.assigneeId, null);
    assert.equal(d.rule, 'none');
    assert.deepEqual(candidate(d, 'a_full').excluded, ['at_capacity']);
  });

  it('level below the group minimum is excluded as level_too_low', () => {
    const d = decideRouting(
      input({ agents: [agent('a_junior', { skills: [{ productLine: '*', region: '*', issueType: '*', level: 1 }] })] }),
    );
    assert.deepEqual(d.candidates[0]!.excluded, ['level_too_low']);
  });
});

describe('queue order', () => {
  it('priority first, then VIP > renewal > near warranty end, then age', () => {
    const q = orderQueue(
      [
        ticket({ ticketId: 'plain-old', createdAt: '2026-11-24T00:00:00Z' }),
        ticket({ ticketId: 'warranty', warrantyEndsOn: '2026-12-10', createdAt: '2026-11-25T00:00:00Z' }),
        ticket({ ticketId: 'renewal', renewal: true, createdAt: '2026-11-25T00:00:00Z' }),
        ticket({ ticketId: 'vip', customerTier: 'vip', createdAt: '2026-11-25T01:00:00Z' }),
        ticket({ ticketId: 'p2', priority: 'P2', createdAt: '2026-11-25T01:30:00Z' }),
        ticket({ ticketId: 'warranty-far', warrantyEndsOn: '2027-06-30', createdAt: '2026-11-23T00:00:00Z' }),
      ],
      now,
    );
    assert.deepEqual(
      q.map((x) => x.ticket.ticketId),
      ['p2', 'vip', 'renewal', 'warranty', 'warranty-far', 'plain-old'],
    );
    assert.deepEqual(q[1]!.factors, ['vip']);
    assert.deepEqual(q[3]!.factors, ['near_warranty_end']);
  });
});
