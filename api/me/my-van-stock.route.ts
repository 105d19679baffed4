import { z } from 'zod';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { levelView, type LevelRow } from '../parts/part-queries';
import { engineerOf } from './engineer-scope';

const query = z.object({ engineerId: z.string().trim().min(1).max(128).optional() }).strict();

export const myVanStockRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/me/van-stock',
    permission: 'parts:read',
    summary:
      "The parts in the signed-in engineer's van (车载库存) with what is free to fit; van null when the engineer has no van. A wider role names engineerId.",
    query,
    async handler({ query, principal }) {
      const engineerId = engineerOf(principal, query.engineerId);
      const [van] = (await ctx.dataSource.query(
        `SELECT id, name FROM stock_locations WHERE agent_id = $1 AND kind = 'engineer' AND active`,
        [engineerId],
      )) as { id: string; name: string }[];
      if (!van) return { body: { engineerId, van: null, items: [] } };
      const rows = (await ctx.dataSource.query(
        `SELECT l.*, p.name AS part_name, p.unit, p.unit_cost_fen FROM stock_levels l JOIN parts p ON p.code = l.part_code
          WHERE l.location_id = $1 AND l.on_hand > 0 ORDER BY l.part_code LIMIT 500`,
        [van.id],
      )) as (LevelRow & { part_name: string; unit: string; unit_cost_fen: string })[];
      return {
        body: {
          engineerId,
          van,
          items: rows.map((r) => ({ ...levelView(r), partName: r.part_name, unit: r.unit, unitPriceFen: Number(r.unit_cost_fen) })),
        },
      };
    },
  });
