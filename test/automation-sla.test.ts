import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { newTicketId } from '../api/tickets/ticket-gateway';
import { createLogger } from '../core/logger';
import { createTicketSchema, ticketWorkflowId, type TicketInput } from '../domain/ticket/ticket.schema';
import { ensureNamespace } from '../temporal/connection';
import { createTimeSkippingEnv } from '../temporal/time-skipping';
import { intakeUpdate, TicketWorkflow } from '../workflows/ticket/ticket.workflow';
import { eventually, Harness, seedTicket } from './support/harness';

const MIN = 60_000;

/** Automation rules on SLA events, on Temporal's time-skipping server: the warning and the breach come at their time, with no real waiting. */
describe('automation rules on SLA warning and breach', () => {
  let env: TestWorkflowEnvironment;
  let h: Harness;

  before(async () => {
    env = await createTimeSkippingEnv();
    await ensureNamespace(env.connection, 'default', createLogger('automation-sla-test', 'warn'));
    h = await Harness.start({ temporal: { address: env.address, namespace: 'default' } });
  });
  after(async () => {
    await h?.stop();
    await env?.teardown();
  });

  it(
    'a rule on sla.warning tags the ticket, a rule on sla.breached escalates it; each decision names its event',
    { timeout: 120_000 },
    async () => {
      const key = `sla-${randomUUID().slice(0, 8)}`;
      const rules = [
        {
          key: 'warn_tag',
          name: '即将超时打标',
          kind: 'automation',
          on: ['sla.warning'],
          condition: { '==': [{ var: 'event' }, 'sla.warning'] },
          actions: [{ action: 'add_tags', tags: ['at_risk'] }],
          priority: 10,
          enabled: true,
        },
        {
          key: 'breach_escalate',
          name: '超时升级值班经理',
          kind: 'automation',
          on: ['sla.breached'],
          condition: { '==': [{ var: 'ticket.priority' }, 'P1'] },
          actions: [{ action: 'escalate', group: 'duty_manager' }],
          priority: 20,
          enabled: true,
        },
      ];
      await h.dataSource.query(
        `INSERT INTO rule_sets (key, version, status, rules, published_at, published_by, created_by, updated_by)
       VALUES ($1, 1, 'published', $2, now(), 'test', 'test', 'test')`,
        [key, JSON.stringify(rules)],
      );
      const ticketId = newTicketId();
      const ticket = createTicketSchema.parse(seedTicket({ priority: 'P1' })) as TicketInput;
      await h.api.ctx.temporal.client.workflow.executeUpdateWithStart(intakeUpdate, {
        startWorkflowOperation: new WithStartWorkflowOperation(TicketWorkflow, {
          workflowId: ticketWorkflowId(ticketId),
          taskQueue: h.taskQueue,
          args: [{ ticketId, ticket, createdBy: 'token:test', createdAt: new Date().toISOString(), ruleSetKey: key }],
          workflowIdConflictPolicy: 'FAIL',
        }),
      });

      // P1: first response due in 10 minutes, warned at 7.5
      await env.sleep(12 * MIN);
      const rows = await eventually(
        async () =>
          (await h.request('GET', `/api/v1/tickets/${ticketId}/events`)).body.items as { type: string; actor: string; changes: any }[],
        (r) => r.some((e) => e.type === 'rule.escalate'),
      );
      const order = rows.map((e) => e.type).filter((t) => t.startsWith('sla.') || t.startsWith('rule.'));
      assert.deepEqual(order, ['sla.warning', 'rule.add_tags', 'sla.breached', 'rule.escalate']);
      assert.equal(rows.find((e) => e.type === 'rule.add_tags')!.actor, 'rule:warn_tag@v1');
      assert.deepEqual(rows.find((e) => e.type === 'rule.escalate')!.changes.groupId, { from: null, to: 'duty_manager' });

      const ticketNow = (await h.request('GET', `/api/v1/tickets/${ticketId}`)).body;
      assert.deepEqual(ticketNow.tags, ['at_risk']);
      const decisions = (await h.request('GET', `/api/v1/tickets/${ticketId}/decisions`)).body.items as any[];
      const onSla = decisions.filter((d) => d.depth === 0);
      assert.deepEqual(
        onSla.map((d) => [d.events[0], d.actionsTaken.map((a: { ruleKey: string }) => a.ruleKey)]),
        [
          ['sla.warning', ['warn_tag']],
          ['sla.breached', ['breach_escalate']],
        ],
      );
      const [notice] = (await h.dataSource.query(
        `SELECT target, template FROM notifications WHERE ticket_id = $1 AND target = 'duty_manager'`,
        [ticketId],
      )) as { target: string; template: string }[];
      assert.deepEqual(notice, { target: 'duty_manager', template: 'ticket_escalated' });
    },
  );
});
