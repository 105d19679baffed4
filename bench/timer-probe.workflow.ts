import * as wf from '@temporalio/workflow';
import type { createProbeActivities } from './timer-probe.activities';

const { probeFired } = wf.proxyActivities<ReturnType<typeof createProbeActivities>>({ startToCloseTimeout: '30s' });

/**
 * The baseline for the SLA benchmark: one bare durable timer to an instant, then one activity, the
 * least a ticket does when a deadline comes (the ticket's activity writes the breach to PostgreSQL).
 */
export async function timerProbeWorkflow(dueAtMs: number): Promise<{ workflowLateMs: number; recordedLateMs: number }> {
  await wf.sleep(Math.max(1, dueAtMs - Date.now()));
  const workflowLateMs = Date.now() - dueAtMs;
  const recordedLateMs = await probeFired(dueAtMs);
  return { workflowLateMs, recordedLateMs };
}
