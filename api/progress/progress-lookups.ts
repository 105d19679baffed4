import type { DataSource } from 'typeorm';
import { customerProgress, type CustomerProgress, type ProgressEvent } from '../../domain/progress/customer-progress';
import { workProgress, type StatusEntry, type WorkKind } from '../../domain/progress/work-progress';

/** What proves the work is the caller's, and how to show it once proven. */
export interface FoundWork {
  owner: { phones: string[]; orderId: string | null };
  progress: () => Promise<CustomerProgress>;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const phonesOf = (...lists: (string | null | undefined | string[])[]) =>
  lists.flat().filter((p): p is string => typeof p === 'string' && p.length > 0);

// The customer's phone and their contacts' phones, from the archive.
const CUSTOMER_PHONES = `c.phone,
  COALESCE((SELECT array_agg(x->>'phone') FROM jsonb_array_elements(c.contacts) x WHERE x->>'phone' IS NOT NULL), '{}') AS contact_phones`;

export async function findTicket(db: DataSource, number: string): Promise<FoundWork | null> {
  const [row] = (await db.query(
    `SELECT t.ticket_id, t.status, t.data->>'substatus' AS substatus, t.order_id, t.created_at, t.updated_at, t.frt_due_at, t.ttr_due_at, ${CUSTOMER_PHONES}
       FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id WHERE t.ticket_id = $1`,
    [number],
  )) as {
    ticket_id: string;
    status: string;
    substatus: string | null;
    order_id: string | null;
    created_at: Date;
    updated_at: Date;
    frt_due_at: Date | null;
    ttr_due_at: Date | null;
    phone: string | null;
    contact_phones: string[];
  }[];
  if (!row) return null;
  return {
    owner: { phones: phonesOf(row.phone, row.contact_phones), orderId: row.order_id },
    progress: async () => {
      const events = (await db.query(
        `SELECT type, occurred_at AS at, to_status AS "toStatus" FROM ticket_events WHERE ticket_id = $1 ORDER BY seq`,
        [row.ticket_id],
      )) as { type: string; at: Date; toStatus: string | null }[];
      return customerProgress(
        {
          ticketId: row.ticket_id,
          status: row.status,
          substatus: row.substatus,
          createdAt: row.created_at.toISOString(),
          updatedAt: row.updated_at.toISOString(),
          frtDueAt: iso(row.frt_due_at),
          ttrDueAt: iso(row.ttr_due_at),
        },
        events.map((e): ProgressEvent => ({ type: e.type, at: e.at.toISOString(), toStatus: e.toStatus, payload: {} })),
      );
    },
  };
}

/** The statuses a piece of work entered, in order, from its events. */
async function statusPath(db: DataSource, kind: WorkKind, id: string): Promise<StatusEntry[]> {
  const rows = (await db.query(
    kind === 'rma'
      ? `SELECT to_status AS status, occurred_at AS at FROM rma_events WHERE rma_id = $1 AND to_status IS DISTINCT FROM from_status ORDER BY seq`
      : `SELECT to_status AS status, at FROM visit_events WHERE visit_id = $1 AND to_status IS NOT NULL AND to_status IS DISTINCT FROM from_status ORDER BY seq`,
    [id],
  )) as { status: string; at: Date }[];
  return rows.map((r) => ({ status: r.status, at: r.at.toISOString() }));
}

export async function findRma(db: DataSource, number: string): Promise<FoundWork | null> {
  const [row] = (await db.query(
    `SELECT r.rma_id, r.status, r.order_id, r.created_at, r.updated_at, r.data->'pickupContact'->>'phone' AS pickup_phone, ${CUSTOMER_PHONES}
       FROM rmas r LEFT JOIN customers c ON c.id = r.customer_id WHERE r.rma_id = $1`,
    [number],
  )) as {
    rma_id: string;
    status: string;
    order_id: string;
    created_at: Date;
    updated_at: Date;
    pickup_phone: string | null;
    phone: string | null;
    contact_phones: string[];
  }[];
  if (!row) return null;
  return {
    owner: { phones: phonesOf(row.pickup_phone, row.phone, row.contact_phones), orderId: row.order_id },
    progress: async () =>
      workProgress(
        'rma',
        { number: row.rma_id, status: row.status, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() },
        await statusPath(db, 'rma', row.rma_id),
      ),
  };
}

export async function findVisit(db: DataSource, number: string): Promise<FoundWork | null> {
  const [row] = (await db.query(
    `SELECT v.visit_id, v.status, v.created_at, v.updated_at, v.window_start, v.window_end, t.order_id, ${CUSTOMER_PHONES}
       FROM visits v LEFT JOIN tickets t ON t.ticket_id = v.ticket_id LEFT JOIN customers c ON c.id = COALESCE(v.customer_id, t.customer_id)
      WHERE v.visit_id = $1`,
    [number],
  )) as {
    visit_id: string;
    status: string;
    created_at: Date;
    updated_at: Date;
    window_start: Date | null;
    window_end: Date | null;
    order_id: string | null;
    phone: string | null;
    contact_phones: string[];
  }[];
  if (!row) return null;
  return {
    owner: { phones: phonesOf(row.phone, row.contact_phones), orderId: row.order_id },
    progress: async () =>
      workProgress(
        'visit',
        {
          number: row.visit_id,
          status: row.status,
          createdAt: row.created_at.toISOString(),
          updatedAt: row.updated_at.toISOString(),
          windowStart: iso(row.window_start),
          windowEnd: iso(row.window_end),
        },
        await statusPath(db, 'visit', row.visit_id),
      ),
  };
}
