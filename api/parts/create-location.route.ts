import { createLocationSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { loadLocation, locationView } from './part-queries';
import { actorOf, audit, invalid } from './parts-http';

export const createLocationRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/stock-locations',
    permission: 'parts:manage',
    summary:
      'Add a place stock is kept: a warehouse (仓库) or an engineer’s van (kind engineer, agentId = the engineer, one van each). An id already used is 409. Audited.',
    body: createLocationSchema,
    async handler({ body, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const exists = () =>
          new HttpProblem(409, 'location_exists', 'Location exists', `stock location ${body.id} already exists`, [
            { field: 'id', message: 'already exists' },
          ]);
        const [taken] = (await tx.query(`SELECT 1 FROM stock_locations WHERE id = $1`, [body.id])) as unknown[];
        if (taken) throw exists();
        if (body.agentId) {
          const [agent] = (await tx.query(`SELECT id FROM agents WHERE id = $1`, [body.agentId])) as unknown[];
          if (!agent) throw invalid('agentId', `no agent ${body.agentId}`);
          const [van] = (await tx.query(`SELECT id FROM stock_locations WHERE agent_id = $1`, [body.agentId])) as { id: string }[];
          if (van) throw invalid('agentId', `agent ${body.agentId} has a van already: ${van.id}`);
        }
        const inserted: unknown[] = await tx.query(
          `INSERT INTO stock_locations (id, kind, name, region, agent_id, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $6)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [body.id, body.kind, body.name, body.region ?? null, body.agentId ?? null, actor],
        );
        if (!inserted.length) throw exists();
        await audit(tx, actor, 'stock_location.created', 'stock_location', body.id, body);
        return loadLocation(tx, body.id);
      });
      return { status: 201, headers: { Location: `/api/v1/stock-locations/${row.id}` }, body: locationView(row) };
    },
  });
