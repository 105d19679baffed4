import { z } from 'zod';
import type { Principal } from '../auth/api-tokens';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute, type RouteSpec } from '../http/route';
import { createPiiResponseGuard } from '../pii/pii-response-guard';
import { providerScope } from '../tickets/ticket-scope';
import { TICKET_ID_PATTERN } from '../tickets/ticket-gateway';
import { ticketChangeHub, type TicketChange } from './ticket-change-hub';

/** A comment line often enough that proxies and browsers keep an idle stream open. */
export const HEARTBEAT_MS = 15_000;
/** A reconnect that missed more changes than this is told to reload instead of replaying them. */
const MAX_REPLAY = 500;

const query = z
  .object({
    /** only this ticket's changes (the ticket page) */
    ticketId: z.string().regex(TICKET_ID_PATTERN, 'not a ticket number (TK-YYYYMMDD-XXXXXXXX)').optional(),
    /** where to resume when the client cannot send Last-Event-ID */
    lastEventId: z
      .string()
      .regex(/^\d{1,18}$/)
      .optional(),
  })
  .strict();

interface ChangedRow {
  event_id: string;
  ticket_id: string;
  seq: number;
  provider_id: string | null;
  data: Record<string, unknown>;
}

const ROW_SQL = `SELECT e.id AS event_id, t.ticket_id, e.seq, t.provider_id, t.data
                   FROM ticket_events e JOIN tickets t ON t.ticket_id = e.ticket_id`;

/**
 * Live ticket changes as Server-Sent Events (issue 8 item 2). Each `ticket` event carries the
 * ticket as the projection now holds it, masked like every other response; its id is the event's
 * row id, so a reconnect with Last-Event-ID replays the changes missed in between (once per
 * ticket, as it now stands). A client that does not accept text/event-stream gets 406.
 */
export const streamTicketsRoute = (ctx: ApiContext) => {
  const guard = createPiiResponseGuard(ctx);
  const route: RouteSpec<undefined, z.infer<typeof query>, undefined> = defineRoute({
    method: 'get',
    path: '/api/v1/stream/tickets',
    permission: 'tickets:read',
    summary:
      'Server-Sent Events of ticket changes as the projection records them (event `ticket`: {ticketId, seq, ticket}), PII masked; heartbeats every 15 s; reconnect with Last-Event-ID to replay what was missed (event `reset` when too much was). Optional ticketId narrows to one ticket. Needs Accept: text/event-stream.',
    query,
    async handler({ req, res, query, principal }) {
      if (!/text\/event-stream/.test(req.header('accept') ?? '')) {
        throw new HttpProblem(406, 'not_acceptable', 'Not acceptable', 'this is an event stream: send Accept: text/event-stream');
      }
      const scope = providerScope(principal);
      const visible = (r: ChangedRow) => (!scope || r.provider_id === scope) && (!query.ticketId || r.ticket_id === query.ticketId);
      const hub = ticketChangeHub(ctx.dataSource, ctx.log);

      let closed = false;
      // Writes go out one after another so the events keep their order.
      let chain: Promise<void> = Promise.resolve();
      const enqueue = (work: () => Promise<void>) => {
        chain = chain.then(work).catch((err: unknown) => {
          ctx.log.warn('ticket stream event not sent', { error: String(err) });
        });
      };
      const send = async (r: ChangedRow) => {
        if (closed || !visible(r)) return;
        const ticket = await guard({ route, req, principal: principal as Principal, body: r.data });
        if (closed) return;
        res.write(`id: ${r.event_id}\nevent: ticket\ndata: ${JSON.stringify({ ticketId: r.ticket_id, seq: r.seq, ticket })}\n\n`);
      };

      const ended = new Promise<void>((resolve) => {
        res.on('close', () => {
          closed = true;
          resolve();
        });
      });
      // Listen before reading the backlog, so nothing falls between the replay and the live changes.
      const unsubscribe = await hub.subscribe({
        onChange: (change: TicketChange) => {
          if (query.ticketId && change.ticketId !== query.ticketId) return;
          enqueue(async () => {
            const [row] = (await ctx.dataSource.query(`${ROW_SQL} WHERE e.ticket_id = $1 AND e.seq = $2`, [
              change.ticketId,
              change.seq,
            ])) as ChangedRow[];
            if (row) await send(row);
          });
        },
        onLost: () => {
          closed = true;
          // the socket goes too: a kept-alive one would hold a shutting-down server open
          res.end(() => res.socket?.end());
        },
      });

      res.status(200);
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Connection', 'keep-alive');
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
      res.write(`retry: 3000\n: connected\n\n`);

      const resumeFrom = req.header('last-event-id') ?? query.lastEventId;
      if (resumeFrom && /^\d{1,18}$/.test(resumeFrom)) {
        enqueue(async () => {
          const missed = (await ctx.dataSource.query(
            `SELECT e.id AS event_id, e.ticket_id FROM ticket_events e WHERE e.id > $1 ${query.ticketId ? 'AND e.ticket_id = $3' : ''}
              ORDER BY e.id LIMIT $2`,
            query.ticketId ? [resumeFrom, MAX_REPLAY + 1, query.ticketId] : [resumeFrom, MAX_REPLAY + 1],
          )) as { event_id: string; ticket_id: string }[];
          if (missed.length > MAX_REPLAY) {
            if (!closed) res.write(`event: reset\ndata: {"reason":"too many changes missed; reload"}\n\n`);
            return;
          }
          // Each changed ticket once, as it stands now, under the id of its latest missed change.
          const latest = new Map<string, string>();
          for (const m of missed) latest.set(m.ticket_id, m.event_id);
          for (const [ticketId] of [...latest].sort((a, b) => Number(a[1]) - Number(b[1]))) {
            const [row] = (await ctx.dataSource.query(`${ROW_SQL} WHERE e.ticket_id = $1 AND e.seq = t.last_seq`, [
              ticketId,
            ])) as ChangedRow[];
            if (row) await send(row);
          }
        });
      }

      const heartbeat = setInterval(() => {
        if (!closed) res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
      }, HEARTBEAT_MS);
      heartbeat.unref();
      try {
        await ended;
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
      }
      return { body: undefined };
    },
  });
  return route;
};
