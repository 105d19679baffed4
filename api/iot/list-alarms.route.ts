import { z } from 'zod';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';

const listQuery = z
  .object({
    assetId: z.string().min(1).max(128).optional(),
    faultCode: z.string().min(1).max(64).optional(),
    /** true: only alarms whose ticket is still open */
    open: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().regex(/^\d+$/, 'not a cursor from a previous page').optional(),
  })
  .strict();

interface GroupRow {
  id: string;
  asset_id: string;
  fault_code: string;
  ticket_id: string;
  rule_id: string | null;
  status: string;
  error: string | null;
  alarm_count: number;
  first_seen_at: Date;
  last_seen_at: Date;
  last_severity: string | null;
  ticket_status: string | null;
}

export const listAlarmsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/iot/alarms',
    permission: 'archives:read',
    summary:
      'Device alarms that opened tickets, newest first: per asset + fault code, the ticket, how many alarms were counted on it, first and last seen.',
    query: listQuery,
    async handler({ query }) {
      const rows = (await ctx.dataSource.query(
        `SELECT g.id, g.asset_id, g.fault_code, g.ticket_id, g.rule_id, g.status, g.error, g.alarm_count, g.first_seen_at, g.last_seen_at,
                g.last_severity, t.status AS ticket_status
           FROM iot_alarm_groups g LEFT JOIN tickets t ON t.ticket_id = g.ticket_id
          WHERE ($1::text IS NULL OR g.asset_id = $1) AND ($2::text IS NULL OR g.fault_code = $2)
            AND ($3::bool IS NULL OR ($3 = (g.status <> 'failed' AND COALESCE(t.status, '') NOT IN ('resolved', 'closed'))))
            AND ($4::bigint IS NULL OR g.id < $4)
          ORDER BY g.id DESC LIMIT $5`,
        [
          query.assetId ?? null,
          query.faultCode ?? null,
          query.open === undefined ? null : query.open === 'true',
          query.cursor ?? null,
          query.limit + 1,
        ],
      )) as GroupRow[];
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map((g) => ({
            id: String(g.id),
            assetId: g.asset_id,
            faultCode: g.fault_code,
            ticketId: g.ticket_id,
            ticketStatus: g.ticket_status,
            ruleId: g.rule_id,
            status: g.status,
            error: g.error,
            alarmCount: g.alarm_count,
            firstSeenAt: new Date(g.first_seen_at).toISOString(),
            lastSeenAt: new Date(g.last_seen_at).toISOString(),
            lastSeverity: g.last_severity,
          })),
          nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.id) : null,
        },
      };
    },
  });
