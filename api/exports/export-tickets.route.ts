import { z } from 'zod';
import { TICKET_COLUMNS } from '../../domain/import/archive-columns';
import type { ColumnSpec } from '../../domain/import/columns';
import { TicketEntity, type TicketRow } from '../../db/entities/ticket.entity';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { piiRowMasker } from '../pii/pii-export-masker';
import { applyTicketFilters, ticketFilterFields } from '../tickets/list-tickets.route';
import { streamExport, exportFormat } from './stream-export';
import { actorOf } from '../auth/api-tokens';

const BATCH = 1000;

/** Instants as Beijing time with the offset: what the service desk reads, and still unambiguous. */
export function beijingTime(d: Date | null): string | null {
  if (!d) return null;
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

function ticketRecord(r: TicketRow): Record<string, unknown> {
  const data = r.data as Record<string, unknown>;
  return {
    ...r,
    assetId: (data.assetId as string | undefined) ?? null,
    createdAt: beijingTime(r.createdAt),
    frtDueAt: beijingTime(r.frtDueAt),
    ttrDueAt: beijingTime(r.ttrDueAt),
    resolvedAt: beijingTime(r.resolvedAt),
    closedAt: beijingTime(r.closedAt),
  };
}

export const exportTicketsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/exports/tickets',
    permission: 'tickets:read',
    summary: 'Every ticket matching the list filters (not one page), as CSV or .xlsx with zh-CN headers; audited.',
    query: z.object({ ...ticketFilterFields, format: exportFormat }).strict(),
    async handler({ res, query, principal }) {
      const { format, ...filters } = query;
      // Status and channel as the dictionary names them in Chinese.
      const dictionary = await ctx.dictionaries.all();
      const labels = (type: string) => Object.fromEntries(dictionary.filter((e) => e.type === type).map((e) => [e.labelZh, e.code]));
      const columns: ColumnSpec[] = TICKET_COLUMNS.map((c) =>
        c.field === 'status' || c.field === 'channel' ? { ...c, type: 'enum', labels: labels(c.field) } : c,
      );
      // Descriptions and form fields carry personal data: masked by the PII rules as the API masks them.
      const pii = await piiRowMasker(ctx.dataSource, principal);
      async function* batches() {
        let after: TicketRow | undefined;
        for (;;) {
          const qb = ctx.dataSource.getRepository(TicketEntity).createQueryBuilder('t');
          applyTicketFilters(qb, filters, principal);
          if (after) qb.andWhere('(t.createdAt, t.ticketId) < (:cAt, :cId)', { cAt: after.createdAt, cId: after.ticketId });
          const rows = await qb.orderBy('t.createdAt', 'DESC').addOrderBy('t.ticketId', 'DESC').limit(BATCH).getMany();
          if (rows.length) yield pii.mask(rows.map(ticketRecord));
          if (rows.length < BATCH) return;
          after = rows[rows.length - 1];
        }
      }
      await streamExport(ctx, res, {
        kind: 'tickets',
        format,
        filters,
        masked: pii.masked,
        actor: actorOf(principal),
        columns,
        sheetName: '工单',
        batches: batches(),
      });
      return { body: null };
    },
  });
