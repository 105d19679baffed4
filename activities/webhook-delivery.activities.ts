import { ApplicationFailure } from '@temporalio/common';
import type { DataSource, QueryRunner } from 'typeorm';
import { signWebhook } from './webhook-signature';

export interface WebhookRetryPolicy {
  /** wait before the 2nd attempt of a delivery; doubles per attempt */
  initialMs: number;
  /** longest wait between two attempts of a delivery */
  maxMs: number;
  /** a delivery still failing this long after it was queued is given up ('failed'); replay revives it */
  giveUpAfterMs: number;
  /** per HTTP request */
  timeoutMs: number;
  /** one pass starts no new request after this long, so an activity stays well inside its time-out */
  passBudgetMs: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = {
  initialMs: 1_000,
  maxMs: 5 * 60_000,
  giveUpAfterMs: 24 * 3600_000,
  timeoutMs: 10_000,
  passBudgetMs: 15_000,
};

export interface WebhookDeliveryDeps {
  dataSource: DataSource;
  fetch?: typeof fetch;
  now?: () => Date;
  retry?: Partial<WebhookRetryPolicy>;
}

interface Subscription {
  id: string;
  url: string;
  secret: string;
}

interface PendingRow {
  id: string;
  seq: number;
  event_type: string;
  body: unknown;
  attempts: number;
  created_at: Date;
  next_attempt_at: Date | null;
}

/** How one subscription's pass for one ticket ended. */
type PassOutcome = 'done' | 'pending' | 'busy';

export interface DeliveryPassResult {
  delivered: number;
  /** deliveries of the ticket (active subscriptions) still pending after the pass */
  pending: number;
  /** the error of the first delivery still pending, for the retry message */
  lastError: string | null;
}

const MAX_PARALLEL_SUBSCRIPTIONS = 4;

/** Runs `fn` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `timed out after ${timeoutMs / 1000} s`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `unreachable: ${cause ? `${e.message} (${cause})` : (e?.message ?? String(err))}`;
}

/**
 * The delivery code shared by the activity and the replay endpoint. Per (subscription, ticket),
 * under a PostgreSQL advisory lock, pending deliveries are POSTed in seq order; the first failure
 * ends that subscription's pass, so a receiver never sees seq 6 before seq 5. A delivery is only
 * sent once every earlier event of its ticket is recorded (events of one ticket may be written
 * concurrently), so a later event cannot overtake an earlier one that is still being written.
 */
export function createWebhookDelivery(deps: WebhookDeliveryDeps) {
  const policy: WebhookRetryPolicy = { ...DEFAULT_WEBHOOK_RETRY, ...deps.retry };
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? (() => new Date());
  const ds = deps.dataSource;

  /** The highest seq up to which every event of the ticket is recorded (events count from 1). */
  async function recordedPrefix(ticketId: string): Promise<number> {
    const [row] = (await ds.query(
      `SELECT COALESCE(MIN(rn) FILTER (WHERE seq <> rn) - 1, MAX(seq), 0)::int AS upto
         FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS rn FROM ticket_events WHERE ticket_id = $1) e`,
      [ticketId],
    )) as { upto: number }[];
    return row?.upto ?? 0;
  }

  async function attempt(qr: QueryRunner, sub: Subscription, row: PendingRow, giveUpNow: boolean): Promise<boolean> {
    const at = now();
    const raw = JSON.stringify(row.body);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await doFetch(sub.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Fixflow-Webhooks/1',
          'X-Fixflow-Event': row.event_type,
          'X-Fixflow-Delivery': String(row.id),
          'X-Fixflow-Signature': signWebhook(sub.secret, raw, Math.floor(at.getTime() / 1000)),
        },
        body: raw,
        redirect: 'manual',
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      status = res.status;
      const text = await res.text().catch(() => '');
      if (status < 200 || status >= 300) error = `answered ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    } catch (err) {
      error = describeFetchError(err, policy.timeoutMs);
    }
    const done = now();
    if (error === null) {
      await qr.query(
        `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = $2, last_error = NULL,
            next_attempt_at = NULL, delivered_at = $3 WHERE id = $1`,
        [row.id, status, done],
      );
      return true;
    }
    const attempts = row.attempts + 1;
    const giveUp = giveUpNow || done.getTime() - new Date(row.created_at).getTime() >= policy.giveUpAfterMs;
    const wait = Math.min(policy.initialMs * 2 ** Math.max(0, attempts - 1), policy.maxMs);
    await qr.query(
      `UPDATE webhook_deliveries SET status = $2, attempts = attempts + 1, last_status = $3, last_error = $4, next_attempt_at = $5 WHERE id = $1`,
      [row.id, giveUp ? 'failed' : 'pending', status, error.slice(0, 1000), giveUp ? null : new Date(done.getTime() + wait)],
    );
    return false;
  }

  /** One subscription's pending deliveries of one ticket, in seq order, under its advisory lock. */
  async function passSubscription(
    sub: Subscription,
    ticketId: string,
    upTo: number,
    startedAt: number,
    giveUpOnFailure?: string,
  ): Promise<{ outcome: PassOutcome; delivered: number }> {
    const qr = ds.createQueryRunner();
    await qr.connect();
    const lockKey = `webhook:${sub.id}:${ticketId}`;
    let delivered = 0;
    try {
      const [{ locked }] = (await qr.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [lockKey])) as [
        { locked: boolean },
      ];
      if (!locked) return { outcome: 'busy', delivered };
      try {
        const rows = (await qr.query(
          `SELECT id, seq, event_type, body, attempts, created_at, next_attempt_at FROM webhook_deliveries
            WHERE subscription_id = $1 AND ticket_id = $2 AND status = 'pending' ORDER BY seq`,
          [sub.id, ticketId],
        )) as PendingRow[];
        for (const row of rows) {
          if (row.seq > upTo) return { outcome: 'pending', delivered };
          if (row.next_attempt_at && new Date(row.next_attempt_at).getTime() > now().getTime()) return { outcome: 'pending', delivered };
          if (Date.now() - startedAt > policy.passBudgetMs) return { outcome: 'pending', delivered };
          const ok = await attempt(qr, sub, row, row.id === giveUpOnFailure);
          if (!ok) return { outcome: 'pending', delivered };
          delivered++;
        }
        return { outcome: 'done', delivered };
      } finally {
        await qr.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [lockKey]);
      }
    } finally {
      await qr.release();
    }
  }

  return {
    /**
     * Delivers what is pending for one ticket, to every subscription (or only `subscriptionId`).
     * `giveUpOnFailure` names a delivery that gets exactly one attempt now (replay): if it fails it
     * goes back to 'failed' instead of waiting for a retry nobody may schedule.
     */
    async deliverTicket(ticketId: string, opts: { subscriptionId?: string; giveUpOnFailure?: string } = {}): Promise<DeliveryPassResult> {
      const startedAt = Date.now();
      const upTo = await recordedPrefix(ticketId);
      const subs = (await ds.query(
        `SELECT s.id, s.url, s.secret FROM webhook_subscriptions s
          WHERE s.active AND ($2::uuid IS NULL OR s.id = $2::uuid)
            AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.ticket_id = $1 AND d.status = 'pending')
          ORDER BY s.created_at, s.id`,
        [ticketId, opts.subscriptionId ?? null],
      )) as Subscription[];
      let delivered = 0;
      await eachLimited(subs, MAX_PARALLEL_SUBSCRIPTIONS, async (sub) => {
        const r = await passSubscription(sub, ticketId, upTo, startedAt, opts.giveUpOnFailure);
        delivered += r.delivered;
      });
      // Counted after the locks are released: whatever a concurrent pass left behind is seen here.
      const [left] = (await ds.query(
        `SELECT count(*)::int AS pending,
                (array_agg(d.last_error ORDER BY d.seq) FILTER (WHERE d.last_error IS NOT NULL))[1] AS last_error
           FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
          WHERE d.ticket_id = $1 AND d.status = 'pending' AND s.active`,
        [ticketId],
      )) as { pending: number; last_error: string | null }[];
      return { delivered, pending: left?.pending ?? 0, lastError: left?.last_error ?? null };
    },
  };
}

export interface DeliverTicketWebhooksInput {
  ticketId: string;
}

/**
 * `deliverTicketWebhooks`: called by the ticket workflow after each recorded event. Anything still
 * pending after the pass (receiver down, a busy lock, an earlier event not yet recorded) fails the
 * activity as retryable, so Temporal's retry policy calls it again with backoff until all is out.
 */
export function createWebhookActivities(deps: WebhookDeliveryDeps) {
  const delivery = createWebhookDelivery(deps);
  return {
    async deliverTicketWebhooks({ ticketId }: DeliverTicketWebhooksInput): Promise<{ delivered: number }> {
      const r = await delivery.deliverTicket(ticketId);
      if (r.pending > 0) {
        throw ApplicationFailure.retryable(
          `${r.pending} webhook deliveries of ${ticketId} still pending${r.lastError ? ` (last error: ${r.lastError})` : ''}`,
          'WebhookDeliveryPending',
        );
      }
      return { delivered: r.delivered };
    },
  };
}
