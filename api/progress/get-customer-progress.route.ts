import { z } from 'zod';
import { customerProgress, verifiesOwner, type ProgressEvent } from '../../domain/progress/customer-progress';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { TICKET_ID_PATTERN } from '../tickets/ticket-gateway';
import { recordFailedLookup, refuseIfThrottled } from './lookup-throttle';

const body = z
  .object({
    number: z.string().trim().toUpperCase().regex(TICKET_ID_PATTERN, 'not a service number (TK-YYYYMMDD-XXXXXXXX)'),
    /** the last four digits of the customer's phone, or the order number */
    code: z.string().trim().min(1).max(64),
  })
  .strict();

// One answer for an unknown number and a wrong code, so neither can be told from the other.
const noMatch = () => HttpProblem.notFound('no service request matches this number and code');

export const getCustomerProgressRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/public/progress',
    permission: 'public',
    summary:
      'A customer follows their service request: its number plus the last four digits of their phone (or the order number). Answers milestones, steps with times and what happens next — nothing internal. Wrong codes are counted per number and per address (429 after 5 per number in 15 minutes).',
    body,
    async handler({ req, body }) {
      const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      await refuseIfThrottled(ctx.dataSource, body.number, address);
      const [row] = (await ctx.dataSource.query(
        `SELECT t.ticket_id, t.status, t.data->>'substatus' AS substatus, t.order_id, t.created_at, t.updated_at, t.frt_due_at, t.ttr_due_at,
                c.phone, COALESCE((SELECT array_agg(x->>'phone') FROM jsonb_array_elements(c.contacts) x WHERE x->>'phone' IS NOT NULL), '{}') AS contact_phones
           FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id
          WHERE t.ticket_id = $1`,
        [body.number],
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
      const owner = row && { phones: [row.phone, ...row.contact_phones].filter((p): p is string => !!p), orderId: row.order_id };
      if (!row || !verifiesOwner(body.code, owner!)) {
        await recordFailedLookup(ctx.dataSource, body.number, address);
        throw noMatch();
      }
      const events = (await ctx.dataSource.query(
        `SELECT type, occurred_at AS at, to_status AS "toStatus" FROM ticket_events WHERE ticket_id = $1 ORDER BY seq`,
        [row.ticket_id],
      )) as { type: string; at: Date; toStatus: string | null }[];
      const progress = customerProgress(
        {
          ticketId: row.ticket_id,
          status: row.status,
          substatus: row.substatus,
          createdAt: row.created_at.toISOString(),
          updatedAt: row.updated_at.toISOString(),
          frtDueAt: row.frt_due_at?.toISOString() ?? null,
          ttrDueAt: row.ttr_due_at?.toISOString() ?? null,
        },
        events.map((e): ProgressEvent => ({ type: e.type, at: e.at.toISOString(), toStatus: e.toStatus, payload: {} })),
      );
      return { headers: { 'Cache-Control': 'no-store' }, body: progress };
    },
  });
