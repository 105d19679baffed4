import { updatePartSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { loadPart, loadSubstitutes, partView } from './part-queries';
import { actorOf, audit, checkIfMatch, codeParams, replaceSubstitutes } from './parts-http';

export const updatePartRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'patch',
    path: '/api/v1/parts/:code',
    permission: 'parts:manage',
    summary:
      'Change a part’s names, unit, category, cost, reorder terms, active flag or substitutes (the list is replaced). If-Match: "<version>" is honoured (412 when stale). Audited.',
    params: codeParams,
    body: updatePartSchema,
    async handler({ req, params, body, principal }) {
      const actor = actorOf(principal);
      const view = await ctx.dataSource.transaction(async (tx) => {
        const current = await loadPart(tx, params.code, true);
        checkIfMatch(req.header('If-Match'), current.version, `part ${params.code}`);
        await tx.query(
          `UPDATE parts SET name = $2, name_en = $3, unit = $4, category = $5, unit_cost_fen = $6, reorder_point = $7, reorder_qty = $8,
              active = $9, version = version + 1, updated_by = $10, updated_at = now()
            WHERE code = $1`,
          [
            params.code,
            body.name ?? current.name,
            body.nameEn === undefined ? current.name_en : body.nameEn,
            body.unit ?? current.unit,
            body.category ?? current.category,
            body.unitCostFen ?? current.unit_cost_fen,
            body.reorderPoint ?? current.reorder_point,
            body.reorderQty ?? current.reorder_qty,
            body.active ?? current.active,
            actor,
          ],
        );
        if (body.substitutes) await replaceSubstitutes(tx, params.code, body.substitutes);
        await audit(tx, actor, 'part.updated', 'part', params.code, { changed: Object.keys(body), ...body });
        return partView(await loadPart(tx, params.code), await loadSubstitutes(tx, [params.code]));
      });
      return { headers: { ETag: `"${view.version}"` }, body: view };
    },
  });
