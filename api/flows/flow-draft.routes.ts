import { z } from 'zod';
import { audit } from '../../db/audit-log';
import { deleteDraft, getDraft, getVersion, latestPublished, lockFlow, saveDraft } from '../../db/flow-store';
import { FLOW_KINDS } from '../../domain/flow/flow-definition';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { actorOf, checkDraftPrecondition, draftAnswer, keyParams, versionNumber } from './flow-http';

/** Drafts must at least be a flow-shaped object to be stored; graph problems are reported, not refused. */
const draftShape = z
  .object({
    key: z.string(),
    kind: z.enum(FLOW_KINDS),
    name: z.string().min(1),
    nodes: z.array(z.unknown()),
    edges: z.array(z.unknown()),
  })
  .passthrough();

/**
 * The draft an admin edits in the designer: one per flow, saved whole, guarded by its revision
 * (ETag / If-Match) so that two admins editing at once get a conflict instead of overwriting.
 */
export const flowDraftRoutes = (ctx: ApiContext) => [
  defineRoute({
    method: 'get',
    path: '/api/v1/flows/:key/draft',
    permission: 'flows:read',
    summary: 'The draft of a flow with its revision (also the ETag) and the problems that would block publishing.',
    params: keyParams,
    async handler({ params }) {
      const row = await getDraft(ctx.dataSource, params.key);
      if (!row) throw HttpProblem.notFound(`flow '${params.key}' has no draft`);
      return draftAnswer(row);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/flows/:key/draft',
    permission: 'flows:manage',
    summary:
      'Save the draft whole (work in progress may be invalid; the answer lists its problems). Changing an existing draft needs If-Match: "<revision>" (428 without, 412 draft_conflict when stale); the first draft of a flow, or of a new flow key (kind in the body), needs none or If-None-Match: *.',
    params: keyParams,
    body: z.record(z.string(), z.unknown()),
    async handler({ req, params, body, principal }) {
      if (body.key !== params.key) {
        throw new HttpProblem(422, 'validation_failed', 'The request is not valid', 'key in the body must match the URL', [
          { field: 'key', message: `must be '${params.key}'` },
        ]);
      }
      const shape = draftShape.safeParse(body);
      if (!shape.success) throw HttpProblem.validation(shape.error, 'body');
      const actor = actorOf(principal);
      const { row, created } = await ctx.dataSource.transaction(async (tx) => {
        await lockFlow(tx, params.key);
        const existing = await getDraft(tx, params.key);
        checkDraftPrecondition(req, existing);
        const published = existing ? null : await latestPublished(tx, params.key);
        const kind = existing?.kind ?? published?.kind;
        if (kind && kind !== shape.data.kind)
          throw new HttpProblem(422, 'validation_failed', 'The request is not valid', `flow '${params.key}' is a ${kind} flow`, [
            { field: 'kind', message: `must be '${kind}': a flow key keeps its kind` },
          ]);
        const saved = await saveDraft(tx, body as never, actor);
        await audit(tx, actor, existing ? 'flow.draft_saved' : 'flow.draft_created', 'flow', `${params.key}@${saved.version}`, {
          revision: saved.revision,
          previousRevision: existing?.revision ?? null,
        });
        return { row: saved, created: !existing };
      });
      const answer = draftAnswer(row);
      return { ...answer, body: { ...answer.body, created } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/flows/:key/draft',
    permission: 'flows:manage',
    summary:
      'Start a draft from a published version (`fromVersion`). Replacing a draft in progress needs its If-Match, as a save does; 201 with the new draft and its ETag.',
    params: keyParams,
    body: z.object({ fromVersion: versionNumber }).strict(),
    async handler({ req, params, body, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        await lockFlow(tx, params.key);
        const source = await getVersion(tx, params.key, body.fromVersion);
        if (!source || source.status === 'draft')
          throw new HttpProblem(
            422,
            'validation_failed',
            'The request is not valid',
            `flow '${params.key}' has no published v${body.fromVersion}`,
            [{ field: 'fromVersion', message: 'not a published version of this flow' }],
          );
        const existing = await getDraft(tx, params.key);
        checkDraftPrecondition(req, existing);
        const saved = await saveDraft(tx, source.definition, actor);
        await audit(tx, actor, 'flow.draft_created', 'flow', `${params.key}@${saved.version}`, {
          revision: saved.revision,
          fromVersion: source.version,
          replacedRevision: existing?.revision ?? null,
        });
        return saved;
      });
      return draftAnswer(row, 201);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/flows/:key/draft',
    permission: 'flows:manage',
    summary: 'Discard the draft (If-Match: "<revision>" required). Published versions stay as they are. 204.',
    params: keyParams,
    async handler({ req, params, principal }) {
      const actor = actorOf(principal);
      await ctx.dataSource.transaction(async (tx) => {
        await lockFlow(tx, params.key);
        const existing = await getDraft(tx, params.key);
        if (!existing) throw HttpProblem.notFound(`flow '${params.key}' has no draft`);
        checkDraftPrecondition(req, existing);
        await deleteDraft(tx, params.key);
        await audit(tx, actor, 'flow.draft_discarded', 'flow', `${params.key}@${existing.version}`, { revision: existing.revision });
      });
      return { status: 204, body: null };
    },
  }),
];
