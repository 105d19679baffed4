import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { levelView, loadPart, type LevelRow } from './part-queries';
import { codeParams } from './parts-http';

export const partStockRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/parts/:code/stock',
    permission: 'parts:read',
    summary: 'Where a part is: on hand, reserved, available (on hand − reserved) and defective per warehouse and van, with totals.',
    params: codeParams,
    async handler({ params }) {
      const part = await loadPart(ctx.dataSource, params.code);
      const rows = (await ctx.dataSource.query(
        `SELECT l.*, s.kind, s.name, s.region, s.agent_id FROM stock_levels l JOIN stock_locations s ON s.id = l.location_id
          WHERE l.part_code = $1 ORDER BY s.kind DESC, l.location_id`,
        [params.code],
      )) as (LevelRow & { kind: string; name: string; region: string | null; agent_id: string | null })[];
      const locations = rows.map((r) => ({
        ...levelView(r),
        locationKind: r.kind,
        locationName: r.name,
        region: r.region,
        agentId: r.agent_id,
        belowReorderPoint: r.kind === 'warehouse' && part.reorder_point > 0 && r.on_hand - r.reserved < part.reorder_point,
      }));
      const sum = (k: 'onHand' | 'reserved' | 'available' | 'defective') => locations.reduce((n, l) => n + l[k], 0);
      return {
        body: {
          partCode: part.code,
          name: part.name,
          reorderPoint: part.reorder_point,
          totals: { onHand: sum('onHand'), reserved: sum('reserved'), available: sum('available'), defective: sum('defective') },
          locations,
        },
      };
    },
  });
