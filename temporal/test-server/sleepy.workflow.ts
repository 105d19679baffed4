/**
 * Tiny workflows for temporal/time-skipping.test.ts: they only wait on timers, so on the
 * time-skipping server they finish at once while their own clock jumps ahead. Inside a workflow
 * Date.now() is the deterministic workflow time, so the differences below are skipped time.
 */
import { condition, defineQuery, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

export async function sleepyWorkflow(): Promise<{ elapsedMs: number }> {
  const start = Date.now();
  await sleep('8 hours');
  return { elapsedMs: Date.now() - start };
}

export async function conditionTimeoutWorkflow(): Promise<{ timedOut: boolean; elapsedMs: number }> {
  const start = Date.now();
  const satisfied = await condition(() => false, '2 hours');
  return { timedOut: !satisfied, elapsedMs: Date.now() - start };
}

export const approveUpdate = defineUpdate<{ approvedBy: string }, [string]>('approve');
export const approvedByQuery = defineQuery<string | undefined>('approvedBy');

/** Waits up to 8 hours for an `approve` update, like a ticket waiting on a person. */
export async function approvalWorkflow(): Promise<{ approvedBy?: string; elapsedMs: number }> {
  const start = Date.now();
  let approvedBy: string | undefined;
  setHandler(approveUpdate, (who) => {
    approvedBy = who;
    return { approvedBy: who };
  });
  setHandler(approvedByQuery, () => approvedBy);
  await condition(() => approvedBy !== undefined, '8 hours');
  return { approvedBy, elapsedMs: Date.now() - start };
}
