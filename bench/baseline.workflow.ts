import * as wf from '@temporalio/workflow';

const { noop } = wf.proxyActivities<{ noop(i: number): Promise<number> }>({ startToCloseTimeout: '30s' });

/** The baseline of the RMA and visit benchmarks: as many activities as one piece of work schedules, one after another, doing nothing. */
export async function baselineWorkflow(activities: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < activities; i++) sum += await noop(i);
  return sum;
}
