import type { DataSource } from 'typeorm';

/**
 * The service dashboard's hand-made dataset (test/dashboards.test.ts checks every figure of it by
 * hand; test/browser/dashboard.e2e.test.ts shows it): projection rows inserted directly — tickets
 * and their events, visits with check-ins and receipts, RMAs, ratings — under a region of the
 * run's own, so no other test's data counts. Times are China time (+08:00); the period the tests
 * ask for is 2026-03-02 … 2026-03-04. `remove()` deletes exactly these rows.
 */
export async function seedDashboardFixture(ds: Pick<DataSource, 'query'>, run: string) {
  const R = `DASH-${run}`;
  const at = (mmdd_hhmm: string) => `2026-${mmdd_hhmm.slice(0, 5)}T${mmdd_hhmm.slice(6)}:00+08:00`;
  const tk = (n: number) => `TK-DASH-${run}-${n}`;
  const vs = (n: number) => `VS-DASH-${run}-${n}`;
  const rma = (n: number) => `RMA-20260302-${run.slice(0, 7)}${n}`;

  /** [type, actor, at, from, to] — one status-changing or plain event per row, numbered from 1. */
  type Ev = [string, string, string, string | null, string | null];
  async function ticket(
    n: number,
    t: {
      priority: string;
      channel?: string;
      sku?: string;
      cat: [string, string];
      created: string;
      resolved?: string;
      closed?: string;
      ttrDue: string;
      breached?: boolean;
      status: string;
      events: Ev[];
    },
  ) {
    await ds.query(
      `INSERT INTO tickets (ticket_id, workflow_id, status, priority, channel, customer_id, sku, category1, category2, region,
          group_id, description, ttr_due_at, sla_breached, created_by, created_at, updated_at, resolved_at, closed_at, last_seq, data)
       VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, 'g-dash', 'fixture', $10, $11, 'test', $12, $12, $13, $14, $15, '{}')`,
      [
        tk(n),
        t.status,
        t.priority,
        t.channel ?? 'phone',
        `CU-${run}`,
        t.sku ?? 'DBX-100',
        t.cat[0],
        t.cat[1],
        R,
        at(t.ttrDue),
        t.breached ?? false,
        at(t.created),
        t.resolved ? at(t.resolved) : null,
        t.closed ? at(t.closed) : null,
        t.events.length,
      ],
    );
    for (const [i, [type, actor, when, from, to]] of t.events.entries())
      await ds.query(
        `INSERT INTO ticket_events (ticket_id, seq, type, actor, occurred_at, from_status, to_status, changes, payload)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '{}', '{}')`,
        [tk(n), i + 1, type, actor, at(when), from, to],
      );
  }

  async function visit(
    n: number,
    v: {
      ticket: number;
      created: string;
      window: [string, string];
      checkIns: string[];
      parts: Record<string, unknown>;
      rating?: number;
      closed?: string;
      receipt?: { feesFen: number; partsFen: number };
    },
  ) {
    await ds.query(
      `INSERT INTO visits (visit_id, ticket_id, window_start, window_end, status, parts, rating, created_by, created_at, updated_at, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'test', $8, $8, $9)`,
      [
        vs(n),
        tk(v.ticket),
        at(v.window[0]),
        at(v.window[1]),
        v.closed ? 'closed' : 'on_site',
        JSON.stringify(v.parts),
        v.rating ?? null,
        at(v.created),
        v.closed ? at(v.closed) : null,
      ],
    );
    for (const [i, when] of v.checkIns.entries())
      await ds.query(
        `INSERT INTO visit_events (visit_id, seq, type, actor, at, from_status, to_status) VALUES ($1, $2, 'visit.check-in', 'user:eng', $3, 'on_the_way', 'on_site')`,
        [vs(n), i + 1, at(when)],
      );
    if (v.receipt)
      await ds.query(`INSERT INTO visit_receipts (receipt_no, visit_id, receipt, total_fen) VALUES ($1, $2, $3, $4)`, [
        `RC-DASH-${run}-${n}`,
        vs(n),
        JSON.stringify(v.receipt),
        v.receipt.feesFen + v.receipt.partsFen,
      ]);
  }

  async function rmaRow(n: number, r: { ticket: number; sku: string | null; created: string; vars: Record<string, unknown> }) {
    await ds.query(
      `INSERT INTO rmas (rma_id, workflow_id, ticket_id, status, order_id, customer_id, sku, resolution_requested, claim_amount_fen,
          flow_key, flow_version, data, created_by, created_at, updated_at, last_seq)
       VALUES ($1, $1, $2, 'closed', 'o-dash', $3, $4, 'refund', 0, 'rma-default', 1, $5, 'test', $6, $6, 1)`,
      [rma(n), tk(r.ticket), `CU-${run}`, r.sku, JSON.stringify({ vars: r.vars }), at(r.created)],
    );
  }

  async function rating(kind: string, id: string, csat: number | null, nps: number | null, when: string) {
    await ds.query(
      `INSERT INTO service_ratings (work_kind, work_id, csat, nps, channel, rated_by, rated_at) VALUES ($1, $2, $3, $4, 'h5', 'customer', $5)`,
      [kind, id, csat, nps, at(when)],
    );
  }

  const Q: [string, string] = ['质量问题', '功能异常'];
  const I: [string, string] = ['安装', '上门安装'];
  // T1: responded by an assign after 10 min, resolved within its deadline, closed the next day — first contact.
  await ticket(1, {
    priority: 'P2',
    cat: Q,
    created: '03-02 09:00',
    resolved: '03-02 11:00',
    closed: '03-03 11:00',
    ttrDue: '03-02 17:00',
    status: 'closed',
    events: [
      ['ticket.created', 'token:intake', '03-02 09:00', null, 'new'],
      ['ticket.queued', 'system', '03-02 09:00', 'new', 'pending_assignment'],
      ['ticket.assign', 'user:lead', '03-02 09:10', 'pending_assignment', 'pending_acceptance'],
      ['ticket.accept', 'user:a1', '03-02 09:30', 'pending_acceptance', 'in_progress'],
      ['ticket.add-note', 'user:a1', '03-02 10:00', 'in_progress', 'in_progress'],
      ['ticket.resolve', 'user:a1', '03-02 11:00', 'in_progress', 'resolved'],
      ['ticket.close', 'user:a1', '03-03 11:00', 'resolved', 'closed'],
    ],
  });
  // T2 (chat, P1): auto-assigned (no response), accepted after 45 min, waited for the customer, resolved,
  // reopened, resolved again after its deadline — breached and flagged.
  await ticket(2, {
    priority: 'P1',
    channel: 'chat',
    cat: Q,
    created: '03-02 14:00',
    resolved: '03-03 16:00',
    ttrDue: '03-03 14:00',
    breached: true,
    status: 'resolved',
    events: [
      ['ticket.created', 'token:intake', '03-02 14:00', null, 'new'],
      ['ticket.queued', 'system', '03-02 14:00', 'new', 'pending_assignment'],
      ['ticket.assign', 'routing:auto', '03-02 14:00', 'pending_assignment', 'pending_acceptance'],
      ['ticket.accept', 'user:a2', '03-02 14:45', 'pending_acceptance', 'in_progress'],
      ['ticket.request-info', 'user:a2', '03-02 15:00', 'in_progress', 'pending_customer'],
      ['ticket.customer-replied', 'customer', '03-02 17:00', 'pending_customer', 'in_progress'],
      ['ticket.resolve', 'user:a2', '03-03 10:00', 'in_progress', 'resolved'],
      ['ticket.reopen', 'user:a2', '03-03 12:00', 'resolved', 'reopened'],
      ['ticket.start', 'user:a2', '03-03 13:00', 'reopened', 'in_progress'],
      ['ticket.resolve', 'user:a2', '03-03 16:00', 'in_progress', 'resolved'],
    ],
  });
  // T3 (product line DBY): assigned by an agent's API token after 30 min, escalated for an hour, a visit and an RMA.
  await ticket(3, {
    priority: 'P2',
    sku: 'DBY-200',
    cat: I,
    created: '03-03 08:00',
    resolved: '03-03 20:00',
    ttrDue: '03-04 08:00',
    status: 'resolved',
    events: [
      ['ticket.created', 'token:intake', '03-03 08:00', null, 'new'],
      ['ticket.queued', 'system', '03-03 08:00', 'new', 'pending_assignment'],
      ['ticket.assign', 'token:agent-api', '03-03 08:30', 'pending_assignment', 'pending_acceptance'],
      ['ticket.accept', 'user:a1', '03-03 09:00', 'pending_acceptance', 'in_progress'],
      ['ticket.escalate', 'user:a1', '03-03 10:00', 'in_progress', 'escalated'],
      ['ticket.accept', 'user:a3', '03-03 11:00', 'escalated', 'in_progress'],
      ['ticket.resolve', 'user:a3', '03-03 20:00', 'in_progress', 'resolved'],
    ],
  });
  // T4 (P3): still waiting for assignment, its deadline long past.
  await ticket(4, {
    priority: 'P3',
    cat: Q,
    created: '03-04 10:00',
    ttrDue: '03-05 10:00',
    status: 'pending_assignment',
    events: [
      ['ticket.created', 'token:intake', '03-04 10:00', null, 'new'],
      ['ticket.queued', 'system', '03-04 10:00', 'new', 'pending_assignment'],
    ],
  });
  // T5: created the day before the period, resolved and closed on its first day.
  await ticket(5, {
    priority: 'P4',
    cat: Q,
    created: '03-01 23:30',
    resolved: '03-02 10:00',
    closed: '03-02 12:00',
    ttrDue: '03-02 23:30',
    status: 'closed',
    events: [['ticket.created', 'token:intake', '03-01 23:30', null, 'new']],
  });
  // T6: 00:30 China time is still the previous day in UTC — it belongs to 03-02. Has an RMA.
  await ticket(6, {
    priority: 'P3',
    cat: I,
    created: '03-02 00:30',
    resolved: '03-02 01:30',
    closed: '03-02 02:00',
    ttrDue: '03-02 08:30',
    status: 'closed',
    events: [
      ['ticket.created', 'token:intake', '03-02 00:30', null, 'new'],
      ['ticket.queued', 'system', '03-02 00:30', 'new', 'pending_assignment'],
      ['ticket.assign', 'user:lead', '03-02 00:40', 'pending_assignment', 'pending_acceptance'],
      ['ticket.accept', 'user:a1', '03-02 00:50', 'pending_acceptance', 'in_progress'],
      ['ticket.resolve', 'user:a1', '03-02 01:30', 'in_progress', 'resolved'],
      ['ticket.close', 'user:a1', '03-02 02:00', 'resolved', 'closed'],
    ],
  });
  // T7: created at the first instant after the period — outside it.
  await ticket(7, {
    priority: 'P2',
    cat: Q,
    created: '03-05 00:00',
    ttrDue: '03-06 00:00',
    status: 'new',
    events: [['ticket.created', 'token:intake', '03-05 00:00', null, 'new']],
  });

  const needed = [{ partCode: 'PT-1', qty: 1 }];
  // V1 (T3): checked in 20 min into its window; parts reserved at the first check; rated 5 at follow-up
  // but also rated on the H5 page (that rating wins).
  await visit(1, {
    ticket: 3,
    created: '03-03 09:30',
    window: ['03-03 14:00', '03-03 16:00'],
    checkIns: ['03-03 14:20'],
    parts: { needed, status: 'reserved', check: { shortage: null }, supply: null, reservation: { reservationId: 1 } },
    rating: 5,
    closed: '03-03 19:00',
    receipt: { feesFen: 13_000, partsFen: 4_500 },
  });
  // V2 (T4): checked in after its window; a shortage was supplied before the parts were reserved; rated 3.
  await visit(2, {
    ticket: 4,
    created: '03-04 11:00',
    window: ['03-04 14:00', '03-04 16:00'],
    checkIns: ['03-04 16:30'],
    parts: { needed, status: 'reserved', check: { shortage: null }, supply: { purchaseRequestId: 9 }, reservation: { reservationId: 2 } },
    rating: 3,
    closed: '03-04 20:00',
    receipt: { feesFen: 8_000, partsFen: 0 },
  });
  // V3 (T2): first check-in before its window (a second one inside it does not change that); no parts.
  await visit(3, {
    ticket: 2,
    created: '03-03 11:00',
    window: ['03-03 15:00', '03-03 17:00'],
    checkIns: ['03-03 14:50', '03-03 15:10'],
    parts: { needed: [], status: null, check: { shortage: null }, supply: null, reservation: null },
  });
  // V4 (T4): never checked in; its parts check failed outright.
  await visit(4, {
    ticket: 4,
    created: '03-04 12:00',
    window: ['03-04 15:00', '03-04 17:00'],
    checkIns: [],
    parts: { needed, status: null, check: { error: 'wms unavailable' }, supply: null, reservation: null },
  });

  // M1 (T3, no SKU of its own): a price difference of 20 元 settled. M2 (T6, its own SKU): refunded 300 元.
  // M3 (T6): a refund the ERP failed — no cost.
  await rmaRow(1, { ticket: 3, sku: null, created: '03-03 12:00', vars: { settlement: { settlementNo: 'S-1', amountFen: 2_000 } } });
  await rmaRow(2, {
    ticket: 6,
    sku: 'DBX-900',
    created: '03-02 03:00',
    vars: { refund: { refundNo: 'R-1', amountFen: 30_000, status: 'succeeded' } },
  });
  await rmaRow(3, {
    ticket: 6,
    sku: null,
    created: '03-02 04:00',
    vars: { refund: { refundNo: 'R-2', amountFen: 5_000, status: 'failed' } },
  });

  await rating('ticket', tk(1), 5, 10, '03-02 12:00');
  await rating('ticket', tk(2), 2, 3, '03-03 17:00');
  await rating('visit', vs(1), 4, 9, '03-03 19:30');
  await rating('rma', rma(2), null, 7, '03-02 09:00');
  // after the period: not counted
  await rating('ticket', tk(3), 3, null, '03-05 01:00');

  const remove = async () => {
    const tickets = [1, 2, 3, 4, 5, 6, 7].map(tk);
    const visits = [1, 2, 3, 4].map(vs);
    const rmas = [1, 2, 3].map(rma);
    await ds.query(`DELETE FROM service_ratings WHERE work_id = ANY($1)`, [[...tickets, ...visits, ...rmas]]);
    await ds.query(`DELETE FROM rmas WHERE rma_id = ANY($1)`, [rmas]);
    await ds.query(`DELETE FROM visit_receipts WHERE visit_id = ANY($1)`, [visits]);
    await ds.query(`DELETE FROM visit_events WHERE visit_id = ANY($1)`, [visits]);
    await ds.query(`DELETE FROM visits WHERE visit_id = ANY($1)`, [visits]);
    await ds.query(`DELETE FROM ticket_events WHERE ticket_id = ANY($1)`, [tickets]);
    await ds.query(`DELETE FROM tickets WHERE ticket_id = ANY($1)`, [tickets]);
  };
  return { region: R, remove };
}
