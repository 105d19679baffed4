import { createAgentSchema } from '../../domain/routing/agent-profile';
import { DEFAULT_CALENDAR } from '../../domain/routing/routing-model';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { agentView, loadAgent } from './routing-queries';
import { actorOf, audit, checkAgentRefs } from './routing-writes';

export const createAgentRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/agents',
    permission: 'routing:manage',
    summary:
      'Register an agent or field engineer: groups, skills (productLine, region, issueType, level 1–5), hire date / new-hire flag and mentor, max concurrent tickets, status, location, working calendar (China time), expected handling minutes per issue type (what an engineer carries is the stock of their van, a stock location of kind engineer). An id already used is 409.',
    body: createAgentSchema,
    async handler({ body, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        await checkAgentRefs(tx, body.id, body);
        const inserted: unknown[] = await tx.query(
          `INSERT INTO agents (id, name, groups, skills, hired_on, new_hire, mentor_id, max_concurrent, status, field_engineer, lat, lng,
              calendar, expected_minutes, created_by, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [
            body.id,
            body.name,
            body.groups,
            JSON.stringify(body.skills),
            body.hiredOn ?? null,
            body.newHire ?? null,
            body.mentorId ?? null,
            body.maxConcurrent,
            body.status,
            body.fieldEngineer,
            body.location?.lat ?? null,
            body.location?.lng ?? null,
            JSON.stringify(body.calendar ?? DEFAULT_CALENDAR),
            JSON.stringify(body.expectedMinutes),
            actor,
          ],
        );
        if (!inserted.length) {
          throw new HttpProblem(409, 'agent_exists', 'Agent exists', `agent ${body.id} is already registered`, [
            { field: 'id', message: 'already registered' },
          ]);
        }
        await audit(tx, actor, 'agent.created', 'agent', body.id, {
          groups: body.groups,
          skills: body.skills,
          mentorId: body.mentorId ?? null,
        });
        return loadAgent(tx, body.id);
      });
      return { status: 201, headers: { Location: `/api/v1/agents/${row.id}`, ETag: `"${row.version}"` }, body: agentView(row, new Date()) };
    },
  });
