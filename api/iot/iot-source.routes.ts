import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { audit, updateReturning } from '../maintenance/plan-store';
import { actorOf } from '../auth/api-tokens';

/** Sources are the device platforms that post events; each signs with its own secret. */
const SOURCE_COLUMNS = 'id, name, description, active, created_by, created_at';

interface SourceRow {
  id: string;
  name: string;
  description: string | null;
  active: boolean;
  created_by: string;
  created_at: Date;
}

const sourceView = (r: SourceRow) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  active: r.active,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
});

const sourceIdParams = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, 'not an IoT source id') });

export const createIotSourceRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/iot/sources',
    permission: 'maintenance:manage',
    summary:
      'Register a device platform that posts /api/v1/iot/events. The signing secret is in this response only; the platform sends X-Fixflow-Source: <id> and X-Fixflow-Signature with it.',
    body: z
      .object({
        /** lowercase letters, digits, _ and -; generated when left out */
        id: z
          .string()
          .regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, 'lowercase letters, digits, _ and -, 2–64 characters')
          .optional(),
        name: z.string().trim().min(1).max(200),
        description: z.string().trim().min(1).max(500).optional(),
        secret: z.string().min(16).max(256).optional(),
      })
      .strict(),
    async handler({ body, principal }) {
      const actor = actorOf(principal);
      const id = body.id ?? `iot_${randomBytes(6).toString('hex')}`;
      const secret = body.secret ?? `iotsec_${randomBytes(32).toString('base64url')}`;
      const row = await ctx.dataSource.transaction(async (tx) => {
        const created = (await tx.query(
          `INSERT INTO iot_sources (id, name, description, secret, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $5)
           ON CONFLICT (id) DO NOTHING RETURNING ${SOURCE_COLUMNS}`,
          [id, body.name, body.description ?? null, secret, actor],
        )) as SourceRow[];
        if (!created[0])
          throw new HttpProblem(409, 'already_exists', 'Already exists', `IoT source ${id} already exists`, [
            { field: 'id', message: 'already taken' },
          ]);
        await audit(tx, actor, 'iot_source.created', id, { name: body.name, secretGenerated: body.secret === undefined }, 'iot_source');
        return created[0];
      });
      return { status: 201, headers: { Location: `/api/v1/iot/sources/${id}` }, body: { ...sourceView(row), secret } };
    },
  });

export const listIotSourcesRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/iot/sources',
    permission: 'maintenance:manage',
    summary: 'The registered device platforms (never their secrets).',
    async handler() {
      const rows = (await ctx.dataSource.query(`SELECT ${SOURCE_COLUMNS} FROM iot_sources ORDER BY created_at DESC, id`)) as SourceRow[];
      return { body: { items: rows.map(sourceView) } };
    },
  });

export const deactivateIotSourceRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'delete',
    path: '/api/v1/iot/sources/:id',
    permission: 'maintenance:manage',
    summary: "Deactivate a device platform: its events are refused (401) from now on. Its events and the assets' readings stay.",
    params: sourceIdParams,
    async handler({ params, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const [updated] = (await updateReturning(
          tx,
          `UPDATE iot_sources SET active = false, version = version + 1, updated_by = $2, updated_at = now() WHERE id = $1 RETURNING ${SOURCE_COLUMNS}`,
          [params.id, actor],
        )) as SourceRow[];
        if (!updated) throw HttpProblem.notFound(`IoT source ${params.id} does not exist`);
        await audit(tx, actor, 'iot_source.deactivated', params.id, {}, 'iot_source');
        return updated;
      });
      return { body: sourceView(row) };
    },
  });
