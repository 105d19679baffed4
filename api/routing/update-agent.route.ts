import { updateAgentSchema } from '../../domain/routing/agent-profile';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { agentView, loadAgent } from './routing-queries';
import { actorOf, audit, checkAgentRefs, checkIfMatch, idParams } from './routing-writes';

const COLUMNS: Record<string, (v: any) => [string, unknown][]> = {
  name: (v) => [['name', v]],
  groups: (v) => [['groups', v]],
  skills: (v) => [['skills', JSON.stringify(v)]],
  hiredOn: (v) => [['hired_on', v]],
  newHire: (v) => [['new_hire', v]],
  mentorId: (v) => [['mentor_id', v]],
  maxConcurrent: (v) => [['max_concurrent', v]],
  status: (v) => [['status', v]],
  fieldEngineer: (v) => [['field_engineer', v]],
  location: (v) => [
    ['lat', v?.lat ?? null],
    ['lng', v?.lng ?? null],
  ],
  calendar: (v) => [['calendar', JSON.stringify(v)]],
  expectedMinutes: (v) => [['expected_minutes', JSON.stringify(v)]],
};

export const updateAgentRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'patch',
    path: '/api/v1/agents/:id',
    permission: 'routing:manage',
    summary:
      'Change an agent: any subset of the fields of create (status away/offline takes them out of routing). If-Match is honoured. Audited with the fields changed.',
    params: idParams,
    body: updateAgentSchema,
    async handler({ req, params, body, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const [current] = (await tx.query(`SELECT version FROM agents WHERE id = $1 FOR UPDATE`, [params.id])) as { version: number }[];
        if (!current) await loadAgent(tx, params.id); // answers 404
        checkIfMatch(req.header('If-Match'), current!.version, `agent ${params.id}`);
        await checkAgentRefs(tx, params.id, body);
        const sets: string[] = [];
        const args: unknown[] = [params.id, actor];
        for (const [field, value] of Object.entries(body)) {
          for (const [column, v] of COLUMNS[field]?.(value) ?? []) sets.push(`${column} = $${args.push(v)}`);
        }
        await tx.query(
          `UPDATE agents SET ${[...sets, 'version = version + 1', 'updated_by = $2', 'updated_at = now()'].join(', ')} WHERE id = $1`,
          args,
        );
        await audit(tx, actor, 'agent.updated', 'agent', params.id, { changed: Object.keys(body), ...body });
        return loadAgent(tx, params.id);
      });
      return { headers: { ETag: `"${row.version}"` }, body: agentView(row, new Date()) };
    },
  });
