import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { installRuntime } from './connection';
import { createTimeSkippingEnv } from './time-skipping';
import { approvalWorkflow, approveUpdate, conditionTimeoutWorkflow, sleepyWorkflow } from './test-server/sleepy.workflow';

const workflowsPath = fileURLToPath(new URL('./test-server/sleepy.workflow.ts', import.meta.url));
const HOUR = 60 * 60 * 1000;

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;
  const taskQueue = `time-skipping-${randomUUID()}`;

  before(async () => {
    installRuntime();
    env = await createTimeSkippingEnv();
    // One bundle for all the workers below; a Worker runs only once.
    workflowBundle = await bundleWorkflowCode({
      workflowsPath,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
    });
  });

  after(async () => {
    await env?.teardown();
  });

  async function withWorker<T>(fn: () => Promise<T>): Promise<T> {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle });
    return worker.runUntil(fn);
  }

  it('skips an 8-hour sleep', async () => {
    const started = Date.now();
    const result = await withWorker(() => env.client.workflow.execute(sleepyWorkflow, { taskQueue, workflowId: `sleepy-${randomUUID()}` }));
    const realMs = Date.now() - started;
    assert.ok(result.elapsedMs >= 8 * HOUR, `workflow clock advanced ${result.elapsedMs} ms`);
    assert.ok(realMs < 30_000, `took ${realMs} ms of real time`);
  });

  it('skips a 2-hour condition timeout and reports it timed out', async () => {
    const started = Date.now();
    const result = await withWorker(() =>
      env.client.workflow.execute(conditionTimeoutWorkflow, { taskQueue, workflowId: `condition-${randomUUID()}` }),
    );
    const realMs = Date.now() - started;
    assert.equal(result.timedOut, true);
    assert.ok(result.elapsedMs >= 2 * HOUR, `workflow clock advanced ${result.elapsedMs} ms`);
    assert.ok(realMs < 30_000, `took ${realMs} ms of real time`);
  });

  it('delivers a workflow update before the timer would fire', async () => {
    const result = await withWorker(async () => {
      const handle = await env.client.workflow.start(approvalWorkflow, { taskQueue, workflowId: `approval-${randomUUID()}` });
      const reply = await handle.executeUpdate(approveUpdate, { args: ['alice'] });
      assert.deepEqual(reply, { approvedBy: 'alice' });
      return handle.result();
    });
    assert.equal(result.approvedBy, 'alice');
    assert.ok(result.elapsedMs < HOUR, `workflow clock advanced ${result.elapsedMs} ms`);
  });

  it('runs update-with-start', async () => {
    const result = await withWorker(async () => {
      const startWorkflowOperation = new WithStartWorkflowOperation(approvalWorkflow, {
        taskQueue,
        workflowId: `approval-uws-${randomUUID()}`,
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      const reply = await env.client.workflow.executeUpdateWithStart(approveUpdate, { args: ['bob'], startWorkflowOperation });
      assert.deepEqual(reply, { approvedBy: 'bob' });
      const handle = await startWorkflowOperation.workflowHandle();
      return handle.result();
    });
    assert.equal(result.approvedBy, 'bob');
  });

  it('times out an unanswered approval after 8 skipped hours', async () => {
    const started = Date.now();
    const result = await withWorker(() =>
      env.client.workflow.execute(approvalWorkflow, { taskQueue, workflowId: `approval-timeout-${randomUUID()}` }),
    );
    assert.equal(result.approvedBy, undefined);
    assert.ok(result.elapsedMs >= 8 * HOUR, `workflow clock advanced ${result.elapsedMs} ms`);
    assert.ok(Date.now() - started < 30_000);
  });
});
