import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { issueToken } from '../api/auth/api-tokens';
import { createLogger } from '../core/logger';
import { ensureNamespace } from '../temporal/connection';
import { createTimeSkippingEnv } from '../temporal/time-skipping';
import { eventually, Harness, seedTicket } from './support/harness';

const MIN = 60_000;

/** SLA warnings and breaches reach the message centre, on the time-skipping server (minutes in seconds). */
describe('in-app messages for SLA warnings, breaches and escalations', () => {
  let env: TestWorkflowEnvironment;
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const agentName = `agent_${run}`;
  const as: Record<string, Record<string, string>> = {};

  before(async () => {
    env = await createTimeSkippingEnv();
    await ensureNamespace(env.connection, 'default', createLogger('inbox-sla-test', 'warn'));
    // As in sla-time-skipping.test.ts: no sticky cache, the Java test server never expires a sticky queue.
    h = await Harness.start({
      worker: 'child',
      temporal: { address: env.address, namespace: 'default' },
      workerEnv: { TEMPORAL_WORKFLOW_CACHE_SIZE: '0' },
    });
    for (const [who, role] of [
      [agentName, 'agent'],
      [`lead_${run}`, 'team_lead'],
    ] as const) {
      as[who] = { authorization: `Bearer ${(await issueToken(h.dataSource, { name: who, roles: [role], actor: 'test' })).token}` };
    }
  });
  after(async () => {
    await h?.stop();
    await env?.teardown();
  });

  const messages = async (who: string, ticketId: string) =>
    (
      (await h.request('GET', '/api/v1/inbox?limit=200', undefined, as[who])).body.items as {
        kind: string;
        ticketId: string;
        body: string;
      }[]
    )
      .filter((m) => m.ticketId === ticketId)
      .reverse();

  it(
    'a P1 assigned but not accepted: the assignee and the team leads hear of the warning and the breach',
    { timeout: 180_000 },
    async () => {
      const created = await h.request('POST', '/api/v1/tickets', seedTicket({ priority: 'P1', channel: 'phone' }));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const t = created.body;
      const assigned = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/assign`, { assigneeId: agentName });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));

      // FRT of a P1 is 10 minutes: warning at 7.5, breach and the first escalation (team lead) at 10.
      await env.sleep(15 * MIN);
      const agentMessages = await eventually(
        () => messages(agentName, t.ticketId),
        (m) => m.length >= 3,
      );
      assert.deepEqual(
        agentMessages.map((m) => m.kind),
        ['assigned', 'sla_warning', 'sla_breached'],
      );
      const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 60 * MIN).toISOString().slice(0, 16).replace('T', ' ');
      assert.equal(agentMessages[1]!.body, `工单 ${t.ticketId}（P1）的首次响应时限将于 ${beijing(t.sla.frtDueAt)} 到期，请尽快处理。`);
      assert.equal(agentMessages[2]!.body, `工单 ${t.ticketId}（P1）的首次响应时限已于 ${beijing(t.sla.frtDueAt)} 超时。`);

      const leadMessages = await eventually(
        () => messages(`lead_${run}`, t.ticketId),
        (m) => m.length >= 3,
      );
      // The breach and the escalation it starts happen at the same instant and their messages are
      // written concurrently, so the inbox may list either first; each arrives once.
      assert.deepEqual(leadMessages.map((m) => m.kind).sort(), ['escalated', 'sla_breached', 'sla_warning']);
      assert.equal(leadMessages[0]!.kind, 'sla_warning');
      assert.match(leadMessages.find((m) => m.kind === 'escalated')!.body, /（首次响应超时，第 1 级升级）/);
    },
  );
});
