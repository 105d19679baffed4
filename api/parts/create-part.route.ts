import { createPartSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { loadPart, loadSubstitutes, partView } from './part-queries';
import { actorOf, audit, replaceSubstitutes } from './parts-http';

export const createPartRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/parts',
    permission: 'parts:manage',
    summary:
      'Add a part to the catalogue: code, name (zh) and nameEn, unit, category, unit cost in fen, reorder point and lot, substitutes by priority. A code already used is 409. Audited.',
    body: createPartSchema,
    async handler({ body, principal }) {
      const actor = actorOf(principal);
      const view = await ctx.dataSource.transaction(async (tx) => {
        const inserted: unknown[] = await tx.query(
          `INSERT INTO parts (code, name, name_en, unit, category, unit_cost_fen, reorder_point, reorder_qty, active, created_by, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT (code) DO NOTHING RETURNING code`,
          [
            body.code,
            body.name,
            body.nameEn ?? null,
            body.unit,
            body.category,
            body.unitCostFen,
            body.reorderPoint,
            body.reorderQty,
            body.active,
            actor,
          ],
        );
        if (!inserted.length) {
          throw new HttpProblem(409, 'part_exists', 'Part exists', `part ${body.code} is already in the catalogue`, [
            { field: 'code', message: 'already exists' },
          ]);
        }
        await replaceSubstitutes(tx, body.code, body.substitutes);
        await audit(tx, actor, 'part.created', 'part', body.code, body);
        return partView(await loadPart(tx, body.code), await loadSubstitutes(tx, [body.code]));
      });
      return { status: 201, headers: { Location: `/api/v1/parts/${view.code}`, ETag: `"${view.version}"` }, body: view };
    },
  });
