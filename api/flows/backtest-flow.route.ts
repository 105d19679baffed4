import { z } from 'zod';
import { getDraft, getVersion, latestPublished, type FlowVersionRow } from '../../db/flow-store';
import {
  compareWithActual,
  replayFlow,
  ticketActionEffect,
  type FlowOutcome,
  type OutcomeDifference,
  type RecordedFlowEvent,
  type ReplayOptions,
} from '../../domain/flow/flow-backtest';
import { flowDefinitionSchema, type FlowDefinition, type FlowKind } from '../../domain/flow/flow-definition';
import { flowVocabulary } from '../../domain/flow/flow-vocabulary';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { checkFlow, invalidFlow, keyParams, versionNumber } from './flow-http';

interface ItemRow {
  id: string;
  status: string;
  assigneeId: string | null;
  groupId: string | null;
  version: number | null;
  closedAt: Date | null;
  data: Record<string, any>;
}

interface EventRow {
  id: string;
  seq: number;
  type: string;
  actor: string;
  at: Date;
  changes: Record<string, { from: unknown; to: unknown }>;
  payload: Record<string, unknown>;
}

/** Where each kind's finished work and its numbered events are recorded. */
const SOURCES: Record<FlowKind, { items: string; events: string }> = {
  ticket: {
    items: `SELECT ticket_id AS id, status, assignee_id AS "assigneeId", group_id AS "groupId", flow_version AS version,
                   closed_at AS "closedAt", data
              FROM tickets WHERE flow_key = $1 AND status = 'closed' ORDER BY closed_at DESC NULLS LAST, ticket_id DESC LIMIT $2`,
    events: `SELECT ticket_id AS id, seq, type, actor, occurred_at AS at, changes, payload
               FROM ticket_events WHERE ticket_id = ANY($1) ORDER BY ticket_id, seq`,
  },
  rma: {
    items: `SELECT rma_id AS id, status, data->>'assigneeId' AS "assigneeId", data->>'groupId' AS "groupId", flow_version AS version,
                   closed_at AS "closedAt", data
              FROM rmas WHERE flow_key = $1 AND closed_at IS NOT NULL ORDER BY closed_at DESC, rma_id DESC LIMIT $2`,
    events: `SELECT rma_id AS id, seq, type, actor, occurred_at AS at, '{}'::jsonb AS changes, payload
               FROM rma_events WHERE rma_id = ANY($1) ORDER BY rma_id, seq`,
  },
  visit: {
    items: `SELECT visit_id AS id, status, data->>'assigneeId' AS "assigneeId", data->>'groupId' AS "groupId",
                   (data->'flow'->>'version')::int AS version, closed_at AS "closedAt", data
              FROM visits WHERE data->'flow'->>'key' = $1 AND closed_at IS NOT NULL ORDER BY closed_at DESC, visit_id DESC LIMIT $2`,
    events: `SELECT visit_id AS id, seq, type, actor, at, '{}'::jsonb AS changes, payload
               FROM visit_events WHERE visit_id = ANY($1) ORDER BY visit_id, seq`,
  },
};

const APPROXIMATIONS = [
  'Timeouts are the tested flow’s own timers, fired when due between recorded events and up to the close; recorded timeouts belong to the version that ran and are not replayed.',
  'An action the tested flow does not accept at that point is skipped (listed per item); later actions are still fed, though people would have acted differently.',
  'Conditions see the work item as recorded after each event, not as the tested flow would have changed it.',
  'Activity results are matched by activity name in recorded order; a call never made in reality leaves the work waiting.',
  'SLA breaches and SLA escalations (tickets): the ticket’s policy and business calendar, paused and stopped as the tested flow says; holds of linked RMAs/visits and manual or rule escalations are not modelled, so escalations and breaches are compared with the replay of the version each ticket ran, not with the record.',
];

/** A ticket's field values as they were after each event: the final snapshot with the events' changes undone from the end. */
function snapshots(final: Record<string, unknown>, events: EventRow[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = new Array(events.length);
  let data = { ...final };
  for (let i = events.length - 1; i >= 0; i--) {
    out[i] = data;
    data = { ...data };
    for (const [field, change] of Object.entries(events[i]!.changes ?? {})) data[field] = change.from;
  }
  return out;
}

/** The record of one item as the replay takes it. */
function recordOf(kind: FlowKind, item: ItemRow, events: EventRow[]): RecordedFlowEvent[] {
  const actions = new Set(flowVocabulary(kind).knownActions ?? []);
  const snaps = kind === 'ticket' ? snapshots(item.data, events) : null;
  const work = (i: number) => snaps?.[i] ?? (events.find((e) => e.type === `${kind}.created`)?.payload as Record<string, unknown>) ?? {};
  const out: RecordedFlowEvent[] = [];
  events.forEach((e, i) => {
    const at = new Date(e.at).toISOString();
    const name = e.type.startsWith(`${kind}.`) ? e.type.slice(kind.length + 1) : null;
    if (name === 'created') out.push({ type: 'start', at, data: work(i) });
    else if (name === 'activity-completed')
      out.push({ type: 'activity-result', at, activity: String(e.payload.activity), result: e.payload.result });
    else if (name === 'activity-failed')
      out.push({ type: 'activity-failed', at, activity: String(e.payload.activity), error: String(e.payload.error ?? 'failed') });
    else if (name && actions.has(name)) out.push({ type: 'action', at, action: name, payload: e.payload, actor: e.actor, data: work(i) });
  });
  return out;
}

/** What happened to the item, from its projection and its events. */
function actualOf(kind: FlowKind, item: ItemRow, events: EventRow[]): FlowOutcome {
  const count = (...types: string[]) => events.filter((e) => types.includes(e.type)).length;
  const flow = item.data.flow as { path?: string[] } | undefined;
  return {
    path: flow?.path ?? [],
    status: item.status,
    ended: true,
    assigneeId: item.assigneeId,
    groupId: item.groupId,
    escalations: kind === 'ticket' ? count('ticket.escalate', 'ticket.escalated') : count(`${kind}.escalated`),
    slaBreaches: kind === 'ticket' ? count('sla.breached') : null,
  };
}

function runnable(row: FlowVersionRow): FlowDefinition | null {
  const parsed = flowDefinitionSchema.safeParse(row.definition);
  return parsed.success ? parsed.data : null;
}

export const backtestFlowRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/flows/:key/backtest',
    permission: 'flows:read',
    summary:
      'Runs the draft (or `version`) with the flow interpreter over the last `limit` finished items of this flow (closed tickets; ended RMAs or visits), re-feeding their recorded actions and activity results, and reports per item and in total what would differ from what happened: path, final status, assignee and group, escalations and SLA breaches (tickets). `approximations` says what a replay cannot know. Nothing is written.',
    params: keyParams,
    body: z
      .object({
        limit: z.number().int().min(1).max(500).default(50),
        version: z.union([z.literal('draft'), versionNumber]).default('draft'),
      })
      .strict(),
    async handler({ params, body }) {
      const row =
        body.version === 'draft' ? await getDraft(ctx.dataSource, params.key) : await getVersion(ctx.dataSource, params.key, body.version);
      if (!row)
        throw new HttpProblem(
          404,
          'not_found',
          'Not found',
          `flow '${params.key}' has no ${body.version === 'draft' ? 'draft' : `v${body.version}`}`,
          [{ field: 'version', message: body.version === 'draft' ? 'the flow has no draft' : 'no such version' }],
        );
      const checked = checkFlow(row.definition);
      if (!checked.ok) throw invalidFlow(checked.problems);
      const tested = runnable(row);
      if (!tested) throw invalidFlow([{ path: '', message: 'the definition does not parse' }]);
      const kind = row.kind;
      const source = SOURCES[kind];
      const items = (await ctx.dataSource.query(source.items, [params.key, body.limit])) as ItemRow[];
      const events = items.length ? ((await ctx.dataSource.query(source.events, [items.map((i) => i.id)])) as EventRow[]) : [];
      const byItem = new Map<string, EventRow[]>();
      for (const e of events) byItem.set(e.id, [...(byItem.get(e.id) ?? []), e]);

      const pinnedDefs = new Map<number, FlowDefinition | null>();
      const pinnedDef = async (version: number | null) => {
        if (version === null) return null;
        if (!pinnedDefs.has(version)) {
          const v = await getVersion(ctx.dataSource, params.key, version);
          pinnedDefs.set(version, v ? runnable(v) : null);
        }
        return pinnedDefs.get(version)!;
      };

      const byField: Partial<Record<OutcomeDifference['field'], number>> = {};
      let changed = 0;
      let failed = 0;
      let skippedEvents = 0;
      const results = [];
      for (const item of items) {
        // Replays with SLA clocks cost a few ms each (business-time arithmetic): let other requests in between items.
        await new Promise((resolve) => setImmediate(resolve));
        const mine = byItem.get(item.id) ?? [];
        const record = recordOf(kind, item, mine);
        const until = new Date(item.closedAt ?? mine[mine.length - 1]?.at ?? Date.now()).toISOString();
        const opts: ReplayOptions = { until, ...(kind === 'ticket' ? { actionEffect: ticketActionEffect, ticketSla: true } : {}) };
        const actual = actualOf(kind, item, mine);
        try {
          const pinnedFlow = await pinnedDef(item.version);
          const pinned = pinnedFlow ? replayFlow(pinnedFlow, record, opts) : null;
          const run = replayFlow(tested, record, opts);
          const differences = compareWithActual(actual, pinned?.outcome ?? actual, run.outcome);
          if (differences.length) changed++;
          for (const d of differences) byField[d.field] = (byField[d.field] ?? 0) + 1;
          skippedEvents += run.skipped.length;
          results.push({
            id: item.id,
            ...(kind === 'ticket' ? { ticketId: item.id } : {}),
            closedAt: item.closedAt,
            pinnedVersion: item.version,
            actual,
            pinned: pinned?.outcome ?? null,
            /** the pinned version's replay ends where the item ended: a measure of how far the replay can be trusted */
            pinnedReplayMatches: pinned ? JSON.stringify(pinned.outcome.path) === JSON.stringify(actual.path) : null,
            tested: run.outcome,
            differences,
            skipped: run.skipped,
            timeouts: run.timeouts,
            waiting: run.waiting,
          });
        } catch (err) {
          failed++;
          results.push({ id: item.id, closedAt: item.closedAt, pinnedVersion: item.version, actual, error: (err as Error).message });
        }
      }
      return {
        body: {
          flowKey: params.key,
          kind,
          tested: { version: row.version, status: row.status, revision: row.revision },
          publishedVersion: (await latestPublished(ctx.dataSource, params.key))?.version ?? null,
          totals: {
            items: items.length,
            changed,
            unchanged: items.length - changed - failed,
            failed,
            byField,
            skippedEvents,
            pinnedReplayMatches: results.filter((r) => 'pinnedReplayMatches' in r && r.pinnedReplayMatches).length,
          },
          approximations: APPROXIMATIONS,
          items: results,
        },
      };
    },
  });
