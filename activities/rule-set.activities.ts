import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { getVersion, latestPublished } from '../db/rule-set-store';
import type { PinnedRuleSet, RuleDecisionRecord } from '../domain/automation/automation-plan';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

export type { PinnedRuleSet, RuleDecisionRecord };

export interface RuleWebhookCall {
  url: string;
  ticketId: string;
  /** `rule:<key>@v<version>` */
  actor: string;
  event: string;
  idempotencyKey: string;
  body: Record<string, unknown>;
}

export interface RuleWebhookOutcome {
  status: 'delivered' | 'refused' | 'failed';
  httpStatus?: number;
  error?: string;
}

/**
 * Rule sets for workflows: a ticket fetches the published set once, at its start, and keeps it
 * (pinned); only an explicit migration loads another version.
 */
export function createRuleSetActivities(deps: { dataSource: DataSource }) {
  return {
    /** The newest published version, or null when none is (the ticket then runs no rules). */
    async loadPinnedRuleSet(key: string): Promise<PinnedRuleSet | null> {
      const row = await latestPublished(deps.dataSource, key);
      return row ? { key, version: row.version, rules: row.rules } : null;
    },

    /** A version that was published (it may have been archived since); drafts are never run. */
    async loadRuleSetVersion(input: { key: string; version: number }): Promise<PinnedRuleSet> {
      const row = await getVersion(deps.dataSource, input.key, input.version);
      if (!row || row.status === 'draft') {
        throw ApplicationFailure.nonRetryable(`rule set '${input.key}' has no published version ${input.version}`, 'RuleSetNotPublished');
      }
      return { key: input.key, version: row.version, rules: row.rules };
    },

    /** Idempotent on (ticket, decision number): a retried write lands once. */
    async recordRuleDecision(r: RuleDecisionRecord): Promise<void> {
      const p = r.plan;
      await deps.dataSource.query(
        `INSERT INTO rule_decisions (ticket_id, decision_no, event_seq, origin_seq, depth, events, rule_set_key, rule_set_version,
           results, actions, guard, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (ticket_id, decision_no) DO NOTHING`,
        [
          r.ticketId,
          r.decisionNo,
          p.eventSeq,
          p.originSeq,
          p.depth,
          p.events,
          p.ruleSetKey,
          p.ruleSetVersion,
          JSON.stringify(p.results),
          JSON.stringify(r.taken),
          JSON.stringify(p.guard),
          r.decidedAt,
        ],
      );
    },

    /**
     * A rule's call_webhook: one signed POST. Only a URL registered as an active webhook
     * subscription is called, signed with that subscription's secret (X-Fixflow-Signature, as
     * event webhooks are), so a rule cannot send ticket data to an endpoint nobody registered.
     * A refusal or a non-2xx answer is an outcome, not an activity failure: the ticket records it.
     */
    async callRuleWebhook(call: RuleWebhookCall): Promise<RuleWebhookOutcome> {
      const [sub] = (await deps.dataSource.query(
        `SELECT secret FROM webhook_subscriptions WHERE url = $1 AND active ORDER BY created_at LIMIT 1`,
        [call.url],
      )) as { secret: string }[];
      if (!sub) return { status: 'refused', error: 'no active webhook subscription has this URL' };
      const raw = JSON.stringify({ event: call.event, ticketId: call.ticketId, actor: call.actor, data: call.body });
      try {
        const res = await fetch(call.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'Fixflow-Webhooks/1',
            'X-Fixflow-Event': call.event,
            'X-Fixflow-Delivery': call.idempotencyKey,
            [SIGNATURE_HEADER]: signWebhook(sub.secret, raw, Math.floor(Date.now() / 1000)),
          },
          body: raw,
          redirect: 'manual',
          signal: AbortSignal.timeout(10_000),
        });
        await res.text().catch(() => '');
        if (res.status >= 200 && res.status < 300) return { status: 'delivered', httpStatus: res.status };
        return { status: 'failed', httpStatus: res.status, error: `answered ${res.status}` };
      } catch (err) {
        return { status: 'failed', error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
