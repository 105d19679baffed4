import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { loadPart } from './part-queries';
import { actorOf, audit, checkIfMatch, codeParams } from './parts-http';

export const deletePartRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'delete',
    path: '/api/v1/parts/:code',
    permission: 'parts:manage',
    summary:
      'Remove a part that never moved (a typo). A part with stock history stays for the ledger: 409, set active=false instead. If-Match honoured. Audited.',
    params: codeParams,
    async handler({ req, params, principal }) {
      const actor = actorOf(principal);
      await ctx.dataSource.transaction(async (tx) => {
        const row = await loadPart(tx, params.code, true);
        checkIfMatch(req.header('If-Match'), row.version, `part ${params.code}`);
        const [used] = (await tx.query(
          `SELECT EXISTS (SELECT 1 FROM stock_levels WHERE part_code = $1) OR EXISTS (SELECT 1 FROM purchase_requests WHERE part_code = $1) AS used`,
          [params.code],
        )) as { used: boolean }[];
        if (used!.used) {
          throw new HttpProblem(409, 'part_in_use', 'Part in use', `part ${params.code} has stock history; set active=false to retire it`);
        }
        await tx.query(`DELETE FROM parts WHERE code = $1`, [params.code]);
        await audit(tx, actor, 'part.deleted', 'part', params.code, { name: row.name, version: row.version });
      });
      return { status: 204, body: undefined };
    },
  });
