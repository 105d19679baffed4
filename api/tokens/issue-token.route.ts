import { z } from 'zod';
import { issueToken } from '../auth/api-tokens';
import { ROLES } from '../auth/permissions';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';

const body = z
  .object({
    name: z.string().trim().min(1).max(100),
    roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  })
  .strict();

export const issueTokenRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/tokens',
    permission: 'tokens:manage',
    summary: 'Issue an API token (e.g. for an integrator). The token is in this response only.',
    body,
    async handler({ body, principal }) {
      const { token, row } = await issueToken(ctx.dataSource, { name: body.name, roles: body.roles, actor: `token:${principal!.name}` });
      return { status: 201, body: { id: row.id, name: row.name, roles: row.roles, token, createdAt: row.createdAt } };
    },
  });
