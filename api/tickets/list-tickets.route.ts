import { z } from 'zod';
import { CHANNELS, PRIORITIES, TICKET_STATUSES } from '../../domain/ticket/ticket.schema';
import type { SelectQueryBuilder } from 'typeorm';
import { TicketEntity, type TicketRow } from '../../db/entities/ticket.entity';
import type { Principal } from '../auth/api-tokens';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { HttpProblem } from '../http/problem';
import { providerScope } from './ticket-scope';
import { applyQueue, queueFields, queueIdentity, SLA_SORT_SQL } from './ticket-queues';

/** A comma-separated list in a query parameter, each value checked. */
const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).min(1));

/** The filters of the ticket list; the export takes the same ones. */
export const ticketFilterFields = {
  status: csv(TICKET_STATUSES).optional(),
  priority: csv(PRIORITIES).optional(),
  channel: csv(CHANNELS).optional(),
  assigneeId: z.string().min(1).max(128).optional(),
  groupId: z.string().min(1).max(128).optional(),
  region: z.string().min(1).max(200).optional(),
  customerId: z.string().min(1).max(128).optional(),
  orderId: z.string().min(1).max(128).optional(),
  category1: z.string().min(1).max(200).optional(),
  category2: z.string().min(1).max(200).optional(),
  category3: z.string().min(1).max(200).optional(),
  /** SLA state: breached (a deadline was missed) or within */
  sla: z.enum(['breached', 'within']).optional(),
  /** resolution due before this instant: the "about to breach" queue */
  ttrDueBefore: z.iso.datetime({ offset: true }).optional(),
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
  q: z.string().min(1).max(200).optional(),
  /** tickets assigned to this service provider */
  providerId: z.string().min(1).max(128).optional(),
  /** tickets about this asset (its archive id): the asset's service history */
  assetId: z.string().min(1).max(128).optional(),
};
export type TicketFilters = z.infer<z.ZodObject<typeof ticketFilterFields>>;

/** What a list view is, besides paging: the filters, the queue and the order. Saved filters hold these. */
export const ticketViewFields = {
  ...ticketFilterFields,
  ...queueFields,
  /** newest first (default), or the nearest running SLA deadline first */
  sort: z.enum(['newest', 'sla']).default('newest'),
};

const listQuery = z
  .object({
    ...ticketViewFields,
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

/** Narrows a query over `tickets t` by the list filters and by what the caller may see. */
export function applyTicketFilters(qb: SelectQueryBuilder<TicketRow>, query: TicketFilters, principal: Principal | null): void {
  // A service provider's token sees its own tickets only, whatever it asks for.
  const scope = providerScope(principal);
  if (scope) qb.andWhere('t.providerId = :scopeProvider', { scopeProvider: scope });
  if (query.status) qb.andWhere('t.status IN (:...status)', { status: query.status });
  if (query.priority) qb.andWhere('t.priority IN (:...priority)', { priority: query.priority });
  if (query.channel) qb.andWhere('t.channel IN (:...channel)', { channel: query.channel });
  for (const f of [
    'assigneeId',
    'groupId',
    'region',
    'customerId',
    'orderId',
    'category1',
    'category2',
    'category3',
    'providerId',
  ] as const) {
    if (query[f]) qb.andWhere(`t.${f} = :${f}`, { [f]: query[f] });
  }
  // asset_id is a projection column without an entity property (intake resolves a serial number to the id)
  if (query.assetId) qb.andWhere('t.asset_id = :assetId', { assetId: query.assetId });
  if (query.sla) qb.andWhere('t.slaBreached = :breached', { breached: query.sla === 'breached' });
  if (query.ttrDueBefore) qb.andWhere('t.ttrDueAt < :due', { due: query.ttrDueBefore });
  if (query.createdFrom) qb.andWhere('t.createdAt >= :from', { from: query.createdFrom });
  if (query.createdTo) qb.andWhere('t.createdAt < :to', { to: query.createdTo });
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    // number, order, the description (a ticket's title) and the customer, by id or by name
    qb.andWhere(
      `(t.description ILIKE :like OR t.ticketId ILIKE :like OR t.orderId ILIKE :like OR t.customerId ILIKE :like
        OR EXISTS (SELECT 1 FROM customers c WHERE c.id = t.customer_id AND c.name ILIKE :like))`,
      { like },
    );
  }
}

/** Newest-first pages continue after a (createdAt, ticketId) key; SLA-sorted pages after an offset. */
interface Cursor {
  createdAt?: string;
  ticketId?: string;
  offset?: number;
}

function badCursor(): HttpProblem {
  return new HttpProblem(400, 'validation_failed', 'The request is not valid', 'query.cursor: not a cursor from a previous page', [
    { field: 'query.cursor', message: 'not a cursor from a previous page' },
  ]);
}

function decodeCursor(raw: string, sort: 'newest' | 'sla'): Cursor {
  let c: Cursor;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw badCursor();
  }
  if (sort === 'sla' && Number.isInteger(c.offset) && c.offset! >= 0) return c;
  if (sort === 'newest' && typeof c.createdAt === 'string' && typeof c.ticketId === 'string' && !Number.isNaN(Date.parse(c.createdAt)))
    return c;
  throw badCursor();
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

export const listTicketsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/tickets',
    permission: 'tickets:read',
    summary:
      'List tickets from the projection with filters: newest first with keyset paging (cursor), or sort=sla (nearest running SLA deadline first). queue=mine|my_groups|unassigned|breaching_soon|on_hold|escalated is resolved against the caller (their agent and its groups); q searches number, order, description and customer.',
    query: listQuery,
    async handler({ query, principal }) {
      const qb = ctx.dataSource.getRepository(TicketEntity).createQueryBuilder('t');
      applyTicketFilters(qb, query, principal);
      if (query.queue)
        applyQueue(qb, query.queue, await queueIdentity(ctx.dataSource, principal), new Date(), query.breachingWithinMinutes);
      const c = query.cursor ? decodeCursor(query.cursor, query.sort) : null;
      if (query.sort === 'sla') {
        qb.orderBy(SLA_SORT_SQL, 'ASC', 'NULLS LAST')
          .addOrderBy('t.ticketId', 'ASC')
          .offset(c?.offset ?? 0);
      } else {
        if (c) qb.andWhere('(t.createdAt, t.ticketId) < (:cAt, :cId)', { cAt: c.createdAt, cId: c.ticketId });
        qb.orderBy('t.createdAt', 'DESC').addOrderBy('t.ticketId', 'DESC');
      }
      const rows = await qb.limit(query.limit + 1).getMany();
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      let nextCursor: string | null = null;
      if (rows.length > query.limit && last) {
        nextCursor =
          query.sort === 'sla'
            ? encodeCursor({ offset: (c?.offset ?? 0) + page.length })
            : encodeCursor({ createdAt: last.createdAt.toISOString(), ticketId: last.ticketId });
      }
      return { body: { items: page.map((r) => r.data), nextCursor } };
    },
  });
