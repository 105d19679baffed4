import { z } from 'zod';
import { audit } from '../../db/audit-log';
import { actorOf, type Principal } from '../auth/api-tokens';
import type { ApiContext } from '../context';
import { checkIfMatch } from '../http/if-match';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { resolveDefinition, runBodySchema, type RunBody } from './report-query';

/**
 * Report definitions saved by one person (the body /run takes), checked against the whitelist when
 * saved; another person's answers 404, the same as one that does not exist.
 */
const name = z.string().trim().min(1).max(100);
const createBody = z.object({ name, definition: runBodySchema }).strict();
const updateBody = z.object({ name: name.optional(), definition: runBodySchema.optional() }).strict();
const idParams = z.object({ id: z.string().regex(/^[1-9][0-9]{0,17}$/, 'not a saved report id') }).strict();

interface Row {
  id: string;
  owner: string;
  name: string;
  definition: RunBody;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const view = (r: Row) => ({
  id: r.id,
  name: r.name,
  definition: r.definition,
  version: r.version,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const ownerOf = (p: Principal | null) => actorOf(p);

const nameTaken = (n: string) =>
  new HttpProblem(409, 'name_taken', 'Conflict', `you already have a saved report named '${n}'`, [
    { field: 'name', message: 'already used by another of your saved reports' },
  ]);

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/** A definition that would not run is refused when saved, with the field at fault under `definition.`. */
function checked(def: RunBody): RunBody {
  try {
    resolveDefinition(def);
  } catch (err) {
    if (err instanceof HttpProblem && err.errors) {
      const errors = err.errors.map((e) => ({ ...e, field: `definition.${e.field}` }));
      throw new HttpProblem(422, err.code, err.title, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    }
    throw err;
  }
  return def;
}

/** jsonb keeps its own key order: compare with keys sorted. */
const canonical = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(canonical)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        )
      : v;
const sameJson = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

export function savedReportRoutes(ctx: ApiContext) {
  const ds = ctx.dataSource;

  async function loadOwn(id: string, principal: Principal | null): Promise<Row> {
    const [row] = (await ds.query(`SELECT * FROM saved_reports WHERE id = $1 AND owner = $2`, [id, ownerOf(principal)])) as Row[];
    if (!row) throw HttpProblem.notFound(`saved report ${id} does not exist`);
    return row;
  }

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/reports/saved',
      permission: 'reports:read',
      summary: "The caller's own saved report definitions, by name.",
      async handler({ principal }) {
        const rows = (await ds.query(`SELECT * FROM saved_reports WHERE owner = $1 ORDER BY lower(name), id`, [
          ownerOf(principal),
        ])) as Row[];
        return { body: { items: rows.map(view) }, headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/reports/saved',
      permission: 'reports:read',
      summary:
        'Save a report definition for the caller: a name (unique per person) and the body /run takes. Saving the same name and ' +
        'definition again answers the saved one (200); another definition under that name is 409.',
      body: createBody,
      async handler({ body, principal }) {
        const definition = checked(body.definition);
        const row = await ds.transaction(async (tx) => {
          const [r] = (await tx.query(
            `INSERT INTO saved_reports (owner, name, definition) VALUES ($1, $2, $3) ON CONFLICT (owner, name) DO NOTHING RETURNING *`,
            [ownerOf(principal), body.name, JSON.stringify(definition)],
          )) as Row[];
          if (r) await audit(tx, actorOf(principal), 'saved_report.created', 'saved_report', r.id, { name: body.name, definition });
          return r;
        });
        if (row)
          return { status: 201, body: view(row), headers: { ETag: `"${row.version}"`, Location: `/api/v1/reports/saved/${row.id}` } };
        // a retried save (same name, same definition) is the one already saved
        const [existing] = (await ds.query(`SELECT * FROM saved_reports WHERE owner = $1 AND name = $2`, [
          ownerOf(principal),
          body.name,
        ])) as Row[];
        if (existing && sameJson(existing.definition, definition))
          return { status: 200, body: view(existing), headers: { ETag: `"${existing.version}"` } as Record<string, string> };
        throw nameTaken(body.name);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/reports/saved/:id',
      permission: 'reports:read',
      summary: 'One of the caller’s saved reports (404 for anyone else’s).',
      params: idParams,
      async handler({ params, principal }) {
        const row = await loadOwn(params.id, principal);
        return { body: view(row), headers: { ETag: `"${row.version}"` } };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/reports/saved/:id',
      permission: 'reports:read',
      summary: 'Rename or change one of the caller’s saved reports; If-Match with the version guards against a lost update.',
      params: idParams,
      body: updateBody,
      async handler({ req, params, body, principal }) {
        const definition = body.definition ? checked(body.definition) : undefined;
        try {
          const row = await ds.transaction(async (tx) => {
            const [current] = (await tx.query(`SELECT * FROM saved_reports WHERE id = $1 AND owner = $2 FOR UPDATE`, [
              params.id,
              ownerOf(principal),
            ])) as Row[];
            if (!current) throw HttpProblem.notFound(`saved report ${params.id} does not exist`);
            checkIfMatch(req.header('If-Match'), current.version, 'the saved report');
            // UPDATE answers [rows, count] through typeorm
            const [[r]] = (await tx.query(
              `UPDATE saved_reports SET name = $2, definition = $3, version = version + 1, updated_at = now() WHERE id = $1 RETURNING *`,
              [params.id, body.name ?? current.name, JSON.stringify(definition ?? current.definition)],
            )) as [Row[], number];
            await audit(tx, actorOf(principal), 'saved_report.updated', 'saved_report', params.id, body);
            return r!;
          });
          return { body: view(row), headers: { ETag: `"${row.version}"` } };
        } catch (err) {
          if (isUniqueViolation(err)) throw nameTaken(body.name ?? '');
          throw err;
        }
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/reports/saved/:id',
      permission: 'reports:read',
      summary: 'Delete one of the caller’s saved reports (404 for anyone else’s).',
      params: idParams,
      async handler({ params, principal }) {
        await ds.transaction(async (tx) => {
          const [gone] = (await tx.query(`DELETE FROM saved_reports WHERE id = $1 AND owner = $2 RETURNING name`, [
            params.id,
            ownerOf(principal),
          ])) as [{ name: string }[], number];
          if (!gone.length) throw HttpProblem.notFound(`saved report ${params.id} does not exist`);
          await audit(tx, actorOf(principal), 'saved_report.deleted', 'saved_report', params.id, { name: gone[0]!.name });
        });
        return { status: 204, body: undefined };
      },
    }),
  ];
}
