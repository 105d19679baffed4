import { z } from 'zod';
import { AuditLogEntity } from '../../db/entities/audit-log.entity';
import { getDraft, getVersion, listFlows, listVersions, publishDraft, saveDraft } from '../../db/flow-store';
import { FLOW_KINDS } from '../../domain/flow/flow-definition';
import { validateFlow } from '../../domain/flow/flow-validation';
import { flowVocabulary } from '../../domain/flow/flow-vocabulary';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { HttpProblem } from '../http/problem';

const keyParams = z.object({ key: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'not a flow key') });

function check(definition: unknown) {
  const kind = (definition as { kind?: string })?.kind;
  const vocabulary = flowVocabulary((FLOW_KINDS as readonly string[]).includes(kind ?? '') ? (kind as never) : 'ticket');
  return validateFlow(definition, vocabulary);
}

function invalidFlow(problems: { path: string; message: string; nodeId?: string; edgeId?: string }[]): HttpProblem {
  const p = new HttpProblem(
    422,
    'invalid_flow',
    'The flow is not valid',
    problems
      .slice(0, 5)
      .map((x) => `${x.path}: ${x.message}`)
      .join('; '),
    problems.map((x) => ({ field: x.path, message: x.message })),
  );
  return p;
}

/** The flow store: drafts an admin edits, immutable published versions running work is pinned to. */
export const flowRoutes = (ctx: ApiContext) => [
  defineRoute({
    method: 'get',
    path: '/api/v1/flows',
    permission: 'flows:read',
    summary: 'Every flow with its newest published version and its draft, if any.',
    async handler() {
      return { body: { items: await listFlows(ctx.dataSource) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/flows/:key/versions',
    permission: 'flows:read',
    summary: 'Version history of a flow, newest first.',
    params: keyParams,
    async handler({ params }) {
      const items = await listVersions(ctx.dataSource, params.key);
      if (!items.length) throw HttpProblem.notFound(`no flow '${params.key}'`);
      return { body: { items: items.map(({ definition: _d, ...meta }) => meta) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/flows/:key/versions/:version',
    permission: 'flows:read',
    summary: 'One version of a flow with its definition.',
    params: keyParams.extend({ version: z.coerce.number().int().min(1) }),
    async handler({ params }) {
      const row = await getVersion(ctx.dataSource, params.key, params.version);
      if (!row) throw HttpProblem.notFound(`no version ${params.version} of flow '${params.key}'`);
      return { body: row };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/flows/:key/draft',
    permission: 'flows:read',
    summary: 'The draft of a flow, with the problems that would block publishing.',
    params: keyParams,
    async handler({ params }) {
      const row = await getDraft(ctx.dataSource, params.key);
      if (!row) throw HttpProblem.notFound(`flow '${params.key}' has no draft`);
      const result = check(row.definition);
      return { body: { ...row, problems: result.ok ? [] : result.problems } };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/flows/:key/draft',
    permission: 'flows:manage',
    summary: 'Save the draft (work in progress may be invalid; the answer lists its problems).',
    params: keyParams,
    body: z.record(z.string(), z.unknown()),
    async handler({ params, body, principal }) {
      if (body.key !== params.key) {
        throw new HttpProblem(422, 'validation_failed', 'The request is not valid', 'key in the body must match the URL', [
          { field: 'key', message: `must be '${params.key}'` },
        ]);
      }
      // Drafts must at least be a flow-shaped object to be stored; graph problems are reported, not refused.
      const shape = z
        .object({
          key: z.string(),
          kind: z.enum(FLOW_KINDS),
          name: z.string().min(1),
          nodes: z.array(z.unknown()),
          edges: z.array(z.unknown()),
        })
        .passthrough()
        .safeParse(body);
      if (!shape.success) throw HttpProblem.validation(shape.error, 'body');
      const actor = `token:${principal!.name}`;
      const row = await ctx.dataSource.transaction(async (tx) => {
        const saved = await saveDraft(tx, body as never, actor);
        await tx
          .getRepository(AuditLogEntity)
          .insert({ actor, action: 'flow.draft_saved', targetType: 'flow', targetId: `${params.key}@${saved.version}`, details: {} });
        return saved;
      });
      const result = check(row.definition);
      return { body: { ...row, problems: result.ok ? [] : result.problems } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/flows/:key/publish',
    permission: 'flows:manage',
    summary: 'Publish the draft as a new immutable version (refused with every problem while it is invalid).',
    params: keyParams,
    async handler({ params, principal }) {
      const actor = `token:${principal!.name}`;
      const row = await ctx.dataSource.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`flow:${params.key}`]);
        const draft = await getDraft(tx, params.key);
        if (!draft) throw HttpProblem.notFound(`flow '${params.key}' has no draft to publish`);
        const result = check(draft.definition);
        if (!result.ok) throw invalidFlow(result.problems);
        const published = await publishDraft(tx, params.key, actor);
        await tx
          .getRepository(AuditLogEntity)
          .insert({ actor, action: 'flow.published', targetType: 'flow', targetId: `${params.key}@${draft.version}`, details: {} });
        return published!;
      });
      return { body: row };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/flows/validate',
    permission: 'flows:read',
    summary: 'Check a flow definition without storing it (the designer calls this while drawing).',
    body: z.record(z.string(), z.unknown()),
    async handler({ body }) {
      const result = check(body);
      return { body: { ok: result.ok, problems: result.ok ? [] : result.problems } };
    },
  }),
];
