import { z } from 'zod';
import { actorOf, issueToken } from '../auth/api-tokens';
import { PROVIDER_ROLES, ROLES } from '../auth/permissions';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { HttpProblem } from '../http/problem';

const body = z
  .object({
    name: z.string().trim().min(1).max(100),
    roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
    /** bind the token to a service provider (服务商/代理商): it then sees only that provider's tickets */
    providerId: z.string().trim().min(1).max(128).optional(),
  })
  .strict()
  .superRefine((b, c) => {
    if (b.providerId && b.roles.some((r) => !PROVIDER_ROLES.includes(r))) {
      c.addIssue({ code: 'custom', path: ['roles'], message: `a provider's token may carry only: ${PROVIDER_ROLES.join(', ')}` });
    }
  });

export const issueTokenRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/tokens',
    permission: 'tokens:manage',
    summary: 'Issue an API token (e.g. for an integrator or a service provider). The token is in this response only.',
    body,
    async handler({ body, principal }) {
      if (body.providerId) {
        const [provider] = (await ctx.dataSource.query(`SELECT active FROM service_providers WHERE id = $1`, [body.providerId])) as {
          active: boolean;
        }[];
        if (!provider?.active) {
          const message = provider ? 'the service provider is inactive' : 'no such service provider';
          throw new HttpProblem(422, 'validation_failed', 'The request is not valid', `providerId: ${message}`, [
            { field: 'providerId', message },
          ]);
        }
      }
      const { token, row } = await issueToken(ctx.dataSource, {
        name: body.name,
        roles: body.roles,
        providerId: body.providerId ?? null,
        actor: actorOf(principal),
      });
      return {
        status: 201,
        body: { id: row.id, name: row.name, roles: row.roles, providerId: row.providerId, token, createdAt: row.createdAt },
      };
    },
  });
