import type { ApiContext } from '../context';
import { customerProgress } from '../../domain/progress/customer-progress';
import { workProgress, type WorkKind } from '../../domain/progress/work-progress';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { QR_TOKEN_PATTERN } from '../archives/archive-ids';

export const listAssetWorkRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/public/assets/:qrToken/work',
    permission: 'public',
    summary:
      'After scanning a product’s QR code: its open tickets, RMAs and visits (and those closed in the last 30 days) by number and stage, so the customer can pick one and follow it with their code. No names, contacts or descriptions.',
    async handler({ req }) {
      const token = String(req.params.qrToken ?? '');
      const [asset] = QR_TOKEN_PATTERN.test(token)
        ? ((await ctx.dataSource.query(`SELECT id FROM assets WHERE qr_token = $1`, [token])) as { id: string }[])
        : [];
      if (!asset) throw HttpProblem.notFound('no product with this code');
      // Tickets, RMAs and visits about this product: open ones, and those closed in the last 30 days.
      const rows = (await ctx.dataSource.query(
        `SELECT * FROM (
           SELECT 'ticket' AS kind, ticket_id AS number, status, data->>'substatus' AS substatus, created_at, updated_at
             FROM tickets WHERE asset_id = $1 AND (closed_at IS NULL OR closed_at > now() - interval '30 days')
           UNION ALL
           SELECT 'rma', rma_id, status, NULL, created_at, updated_at
             FROM rmas WHERE asset_id = $1 AND (closed_at IS NULL OR closed_at > now() - interval '30 days')
           UNION ALL
           SELECT 'visit', visit_id, status, NULL, created_at, updated_at
             FROM visits WHERE asset_id = $1 AND (closed_at IS NULL OR closed_at > now() - interval '30 days')
         ) w ORDER BY created_at DESC LIMIT 20`,
        [asset.id],
      )) as { kind: 'ticket' | WorkKind; number: string; status: string; substatus: string | null; created_at: Date; updated_at: Date }[];
      const items = rows.map((r) => {
        const createdAt = r.created_at.toISOString();
        const updatedAt = r.updated_at.toISOString();
        const p =
          r.kind === 'ticket'
            ? customerProgress(
                { ticketId: r.number, status: r.status, substatus: r.substatus, createdAt, updatedAt, frtDueAt: null, ttrDueAt: null },
                [],
              )
            : workProgress(r.kind, { number: r.number, status: r.status, createdAt, updatedAt }, []);
        return { number: p.number, kind: p.kind, status: p.status, statusLabel: p.statusLabel, createdAt, updatedAt: p.updatedAt };
      });
      return { headers: { 'Cache-Control': 'no-store' }, body: { items } };
    },
  });
