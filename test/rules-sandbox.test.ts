import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Client, Connection } from '@temporalio/client';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../core/config';
import { evaluateRules, type EvaluateOptions, type RuleFacts } from '../rules/rule-evaluator';
import { sampleFacts, sampleRuleSet } from '../rules/sample-rule-set';
import { connectClient, connectWorker, installRuntime } from '../temporal/connection';
import { ruleEvaluationWorkflow } from './rules-sandbox.workflow';

/**
 * The evaluator gives the same answers inside the workflow sandbox (bundled by webpack, with its
 * own json-logic-js instance, deterministic Date and Intl) as in the API process: the custom
 * operations are registered there too, and business_hours and the date arithmetic agree.
 */
describe('rule evaluation inside the workflow sandbox', () => {
  const config = loadConfig();
  const taskQueue = `rules-sandbox-${randomUUID()}`;
  let nativeConnection: NativeConnection;
  let client: Client;
  let connection: Connection;

  before(async () => {
    installRuntime();
    nativeConnection = await connectWorker(config.TEMPORAL_ADDRESS!);
    ({ client, connection } = await connectClient(config.TEMPORAL_ADDRESS!, config.TEMPORAL_NAMESPACE));
  });

  after(async () => {
    await connection?.close();
    await nativeConnection?.close();
  });

  it('matches, explains and collects actions exactly as outside', async () => {
    const rules = sampleRuleSet('c_sandbox');
    const cases: { facts: RuleFacts; opts?: EvaluateOptions }[] = [
      ...sampleFacts('c_sandbox').map((f) => ({ facts: f as RuleFacts })),
      // the kind filter and an event passed as an option
      ...sampleFacts('c_sandbox').map((f) => ({
        facts: { ticket: f.ticket, now: f.now } as RuleFacts,
        opts: { kind: 'automation' as const, event: 'ticket.updated' },
      })),
      // a ticket matching nothing: every result is a reason
      { facts: { ticket: { customerId: 'someone_else' }, now: '2026-11-25T02:00:00Z' } },
    ];
    const outside = cases.map((c) => evaluateRules(rules, c.facts, c.opts));
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('./rules-sandbox.workflow.ts', import.meta.url)),
    });
    const inside = await worker.runUntil(
      client.workflow.execute(ruleEvaluationWorkflow, { taskQueue, workflowId: `rules-sandbox-${randomUUID()}`, args: [rules, cases] }),
    );
    // results cross the boundary as JSON, so compare with the JSON of the outside answer
    assert.deepEqual(inside, JSON.parse(JSON.stringify(outside)));
    // and the comparison is not vacuous: matches, non-matches with reasons, and after-hours logic all occur
    const all = outside.flatMap((e) => e.results);
    assert.ok(all.some((r) => r.matched) && all.some((r) => !r.matched && /is false/.test(r.why)));
    assert.ok(outside.some((e) => e.results.some((r) => r.ruleKey === 'after_hours_p2' && r.matched)));
    assert.ok(outside.some((e) => e.results.some((r) => r.ruleKey === 'aged_ticket' && r.matched)));
    assert.ok(outside.some((e) => e.results.some((r) => r.ruleKey === 'vip_p1_auto_escalate' && r.matched)));
  });
});
