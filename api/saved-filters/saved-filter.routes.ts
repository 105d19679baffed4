import { z } from 'zod';
import { audit } from '../../db/audit-log';
import { actorOf, type Principal } from '../auth/api-tokens';
import type { ApiContext } from '../context';
import { checkIfMatch } from '../http/if-match';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { ticketViewFields } from '../tickets/list-tickets.route';

/**
 * Saved filters of the ticket list, one person's own (issue 8 item 2). The query is kept as the
 * list's query parameters (strings), checked against the list's own schema so a saved filter always
 * opens; another person's filter answers 404, the same as one that does not exist.
 */
const viewSchema = z.object(ticketViewFields).strict();

const savedQuery = z
  .record(z.string().max(64), z.string().max(200))
  .refine((q) => Object.keys(q).length <= 30, { message: 'at most 30 parameters' })
  .superRefine((q, c) => {
    const parsed = viewSchema.safeParse(q);
    // named by the parameter at fault (its value is one string, whatever the list makes of it)
    if (!parsed.success) for (const i of parsed.error.issues) c.addIssue({ code: 'custom', path: i.path.slice(0, 1), message: i.message });
  });

const createBody = z.object({ name: z.string().trim().min(1).max(100), query: savedQuery }).strict();
const updateBody = z.object({ name: z.string().trim().min(1).max(100).optional(), query: savedQuery.optional() }).strict();
const idParams = z.object({ id: z.uuid({ error: 'not a saved filter id' }) }).strict();

interface Row {
  id: string;
  owner_id: string;
  name: string;
  query: Record<string, string>;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const view = (r: Row) => ({
  id: r.id,
  name: r.name,
  query: r.query,
  version: r.version,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const ownerOf = (p: Principal | null) => p!.id;

const nameTaken = (name: string) =>
  new HttpProblem(409, 'name_taken', 'Conflict', `you already have a saved filter named '${name}'`, [
    { field: 'name', message: 'already used by another of your saved filters' },
  ]);

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export function savedFilterRoutes(ctx: ApiContext) {
  const ds = ctx.dataSource;

  async function loadOwn(id: string, principal: Principal | null): Promise<Row> {
    const [row] = (await ds.query(`SELECT * FROM saved_filters WHERE id = $1 AND owner_id = $2`, [id, ownerOf(principal)])) as Row[];
    if (!row) throw HttpProblem.notFound(`saved filter ${id} does not exist`);
    return row;
  }

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/saved-filters',
      permission: 'tickets:read',
      summary: "The caller's own saved ticket-list filters, by name.",
      async handler({ principal }) {
        const rows = (await ds.query(`SELECT * FROM saved_filters WHERE owner_id = $1 ORDER BY lower(name)`, [
          ownerOf(principal),
        ])) as Row[];
        return { body: { items: rows.map(view) }, headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/saved-filters',
      permission: 'tickets:read',
      summary:
        'Save a ticket-list filter for the caller: a name (unique per person, 409 otherwise) and the list query parameters (checked as GET /api/v1/tickets checks them).',
      body: createBody,
      async handler({ body, principal }) {
        // checked first so the common case is a clear 409, not a failed statement; the index settles races
        const [taken] = (await ds.query(`SELECT 1 FROM saved_filters WHERE owner_id = $1 AND lower(name) = lower($2)`, [
          ownerOf(principal),
          body.name,
        ])) as unknown[];
        if (taken) throw nameTaken(body.name);
        try {
          const row = await ds.transaction(async (tx) => {
            const [r] = (await tx.query(`INSERT INTO saved_filters (owner_id, name, query) VALUES ($1, $2, $3) RETURNING *`, [
              ownerOf(principal),
              body.name,
              JSON.stringify(body.query),
            ])) as Row[];
            await audit(tx, actorOf(principal), 'saved_filter.created', 'saved_filter', r!.id, { name: body.name, query: body.query });
            return r!;
          });
          return { status: 201, body: view(row), headers: { ETag: `"${row.version}"`, Location: `/api/v1/saved-filters/${row.id}` } };
        } catch (err) {
          if (isUniqueViolation(err)) throw nameTaken(body.name);
          throw err;
        }
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/saved-filters/:id',
      permission: 'tickets:read',
      summary: 'One of the caller’s saved filters (404 for anyone else’s).',
      params: idParams,
      async handler({ params, principal }) {
        const row = await loadOwn(params.id, principal);
        return { body: view(row), headers: { ETag: `"${row.version}"` } };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/saved-filters/:id',
      permission: 'tickets:read',
      summary: 'Rename or change one of the caller’s saved filters; If-Match with the version guards against a lost update.',
      params: idParams,
      body: updateBody,
      async handler({ req, params, body, principal }) {
        try {
          const row = await ds.transaction(async (tx) => {
            const [current] = (await tx.query(`SELECT * FROM saved_filters WHERE id = $1 AND owner_id = $2 FOR UPDATE`, [
              params.id,
              ownerOf(principal),
            ])) as Row[];
            if (!current) throw HttpProblem.notFound(`saved filter ${params.id} does not exist`);
            checkIfMatch(req.header('If-Match'), current.version, 'the saved filter');
            // UPDATE and DELETE answer [rows, count] through typeorm
            const [[r]] = (await tx.query(
              `UPDATE saved_filters SET name = $2, query = $3, version = version + 1, updated_at = now() WHERE id = $1 RETURNING *`,
              [params.id, body.name ?? current.name, JSON.stringify(body.query ?? current.query)],
            )) as [Row[], number];
            await audit(tx, actorOf(principal), 'saved_filter.updated', 'saved_filter', params.id, body);
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
      path: '/api/v1/saved-filters/:id',
      permission: 'tickets:read',
      summary: 'Delete one of the caller’s saved filters (404 for anyone else’s).',
      params: idParams,
      async handler({ params, principal }) {
        await ds.transaction(async (tx) => {
          const [gone] = (await tx.query(`DELETE FROM saved_filters WHERE id = $1 AND owner_id = $2 RETURNING name`, [
            params.id,
            ownerOf(principal),
          ])) as [{ name: string }[], number];
          if (!gone.length) throw HttpProblem.notFound(`saved filter ${params.id} does not exist`);
          await audit(tx, actorOf(principal), 'saved_filter.deleted', 'saved_filter', params.id, { name: gone[0]!.name });
        });
        return { status: 204, body: undefined };
      },
    }),
  ];
}
