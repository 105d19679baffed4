import { z } from 'zod';
import { CHANNELS, PRIORITIES, TICKET_STATUSES } from '../../domain/ticket/ticket.schema';
import type { SelectQueryBuilder } from 'typeorm';
import { TicketEntity, type TicketRow } from '../../db/entities/ticket.entity';
import type { Principal } from '../auth/api-tokens';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { HttpProblem } from '../http/problem';
import { providerScope } from './ticket-scope';

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

const listQuery = z
  .object({
    ...ticketFilterFields,
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
    qb.andWhere('(t.description ILIKE :like OR t.ticketId ILIKE :like OR t.orderId ILIKE :like)', { like });
  }
}

interface Cursor {
  createdAt: string;
  ticketId: string;
}

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.createdAt === 'string' && typeof c.ticketId === 'string' && !Number.isNaN(Date.parse(c.createdAt))) return c;
  } catch {
    /* fall through */
  }
  throw new HttpProblem(400, 'validation_failed', 'The request is not valid', 'query.cursor: not a cursor from a previous page', [
    { field: 'query.cursor', message: 'not a cursor from a previous page' },
  ]);
}

export const listTicketsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/tickets',
    permission: 'tickets:read',
    summary: 'List tickets from the projection, newest first, with filters and keyset paging (cursor).',
    query: listQuery,
    async handler({ query, principal }) {
      const qb = ctx.dataSource.getRepository(TicketEntity).createQueryBuilder('t');
      applyTicketFilters(qb, query, principal);
      if (query.cursor) {
        const c = decodeCursor(query.cursor);
        qb.andWhere('(t.createdAt, t.ticketId) < (:cAt, :cId)', { cAt: c.createdAt, cId: c.ticketId });
      }
      const rows = await qb
        .orderBy('t.createdAt', 'DESC')
        .addOrderBy('t.ticketId', 'DESC')
        .limit(query.limit + 1)
        .getMany();
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > query.limit && last
          ? Buffer.from(JSON.stringify({ createdAt: last.createdAt.toISOString(), ticketId: last.ticketId })).toString('base64url')
          : null;
      return { body: { items: page.map((r) => r.data), nextCursor } };
    },
  });
