import {
  isGrpcServiceError,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type ScheduleDescription,
  type ScheduleOptions,
} from '@temporalio/client';
import { cycleScheduleSpec } from '../../domain/maintenance/maintenance-cycle';
import { CustomerIdKey } from '../../temporal/search-attributes';
import { maintenanceRunWorkflow } from '../../workflows/maintenance/maintenance-run.workflow';
import { HttpProblem } from '../http/problem';
import type { TemporalHandle } from '../tickets/ticket-gateway';
import { scheduleIdFor, skippedTimes, type PlanRow } from './plan-store';

/**
 * A fixed-cycle plan is a Temporal Schedule (`maintenance-plan-<id>`) that starts
 * `maintenanceRunWorkflow` at each firing. The database row is the source of truth; every change
 * to it is followed by `syncSchedule`, which makes the schedule match it, so a change whose
 * schedule update failed is completed by retrying the same request.
 */

/** A Temporal outage is a 503 to retry; anything else is a bug and stays a 500. */
export function scheduleProblem(err: unknown, saved: string): HttpProblem {
  if (err instanceof HttpProblem) return err;
  const unreachable =
    (isGrpcServiceError(err) && [1, 4, 14].includes(err.code)) ||
    (err instanceof Error && /deadline|unavailable|timed? ?out/i.test(err.message));
  if (unreachable) return HttpProblem.unavailable(`the workflow engine is not reachable right now; ${saved}`);
  throw err;
}

function withDeadline<T>(t: TemporalHandle, fn: () => Promise<T>): Promise<T> {
  return t.connection.withDeadline(Date.now() + t.callTimeoutMs, fn);
}

export function scheduleOptions(plan: PlanRow, taskQueue: string): ScheduleOptions {
  const spec = cycleScheduleSpec(plan.cycle!, skippedTimes(plan));
  return {
    scheduleId: scheduleIdFor(plan.id),
    spec,
    action: {
      type: 'startWorkflow',
      workflowType: maintenanceRunWorkflow,
      // Temporal appends the firing time, so each firing's run has its own id.
      workflowId: `maintenance-run-${plan.id}`,
      taskQueue,
      args: [{ planId: plan.id }],
      typedSearchAttributes: [{ key: CustomerIdKey, value: plan.customer_id }],
    },
    policies: {
      // Firings are short and each one matters: queue them behind a slow one rather than drop them.
      overlap: ScheduleOverlapPolicy.BUFFER_ALL,
      // After an outage, fire what was missed in the last week; older gaps are for /backfill.
      catchupWindow: '7 days',
    },
    memo: { planId: plan.id, planName: plan.name },
    typedSearchAttributes: [{ key: CustomerIdKey, value: plan.customer_id }],
    state: { paused: plan.status === 'paused', ...(plan.status_note ? { note: plan.status_note } : {}) },
  };
}

/** Creates, updates or deletes the plan's schedule so that it matches the row. */
export async function syncSchedule(t: TemporalHandle, plan: PlanRow): Promise<void> {
  const handle = t.client.schedule.getHandle(scheduleIdFor(plan.id));
  if (plan.deleted_at || plan.trigger_type !== 'cycle') {
    await deleteSchedule(t, plan.id);
    return;
  }
  const options = scheduleOptions(plan, t.taskQueue);
  const update = () =>
    withDeadline(t, () =>
      handle.update(() => ({ spec: options.spec, action: options.action, policies: options.policies, state: options.state ?? {} })),
    );
  try {
    await update();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
    try {
      await withDeadline(t, () => t.client.schedule.create(options));
    } catch (createErr) {
      if (!(createErr instanceof ScheduleAlreadyRunning)) throw createErr;
      await update();
    }
  }
  // An update does not always carry the paused state over; make it match.
  const described = await withDeadline(t, () => handle.describe());
  const paused = plan.status === 'paused';
  if (described.state.paused !== paused) {
    await withDeadline(t, () => (paused ? handle.pause(plan.status_note ?? undefined) : handle.unpause(plan.status_note ?? undefined)));
  }
}

export async function deleteSchedule(t: TemporalHandle, planId: string): Promise<void> {
  try {
    await withDeadline(t, () => t.client.schedule.getHandle(scheduleIdFor(planId)).delete());
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}

export async function describeSchedule(t: TemporalHandle, planId: string): Promise<ScheduleDescription | null> {
  try {
    return await withDeadline(t, () => t.client.schedule.getHandle(scheduleIdFor(planId)).describe());
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return null;
    throw err;
  }
}

/** What GET shows of the schedule: its state and the next run times Temporal computed. */
export function scheduleView(d: ScheduleDescription | null, scheduleId: string) {
  if (!d) return { scheduleId, exists: false as const };
  return {
    scheduleId,
    exists: true as const,
    paused: d.state.paused,
    note: d.state.note ?? null,
    timeZone: d.spec.timezone ?? 'UTC',
    nextRunTimes: d.info.nextActionTimes.slice(0, 5).map((x) => x.toISOString()),
    recentRuns: d.info.recentActions.map((a) => ({
      scheduledAt: a.scheduledAt.toISOString(),
      takenAt: a.takenAt.toISOString(),
      workflowId: a.action.workflow.workflowId,
    })),
    actionsTaken: d.info.numActionsTaken,
    missedCatchupWindow: d.info.numActionsMissedCatchupWindow,
  };
}

export async function pauseSchedule(t: TemporalHandle, planId: string, paused: boolean, note: string | undefined): Promise<void> {
  const handle = t.client.schedule.getHandle(scheduleIdFor(planId));
  await withDeadline(t, () => (paused ? handle.pause(note) : handle.unpause(note)));
}

export async function triggerSchedule(t: TemporalHandle, planId: string): Promise<void> {
  await withDeadline(t, () => t.client.schedule.getHandle(scheduleIdFor(planId)).trigger(ScheduleOverlapPolicy.ALLOW_ALL));
}

export async function backfillSchedule(t: TemporalHandle, planId: string, from: Date, to: Date): Promise<void> {
  await withDeadline(t, () =>
    t.client.schedule.getHandle(scheduleIdFor(planId)).backfill({ start: from, end: to, overlap: ScheduleOverlapPolicy.BUFFER_ALL }),
  );
}

/** The schedule part of a plan's answer; a plan stays readable while Temporal is away. */
export async function scheduleSummary(t: TemporalHandle, plan: PlanRow) {
  if (plan.trigger_type !== 'cycle' || plan.deleted_at) return null;
  try {
    return scheduleView(await describeSchedule(t, plan.id), scheduleIdFor(plan.id));
  } catch (err) {
    return { scheduleId: scheduleIdFor(plan.id), error: scheduleProblem(err, 'the schedule could not be read').detail };
  }
}
