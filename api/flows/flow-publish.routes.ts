import { z } from 'zod';
import { audit } from '../../db/audit-log';
import { getDraft, getVersion, lockFlow, publishDraft, republishVersion } from '../../db/flow-store';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { actorOf, checkDraftPrecondition, checkFlow, invalidFlow, keyParams, publishMessage, versionNumber } from './flow-http';

const messageBody = z.object({ message: publishMessage }).strict();

/** Publishing (admins only: `flows:manage`) and rolling back by publishing an old version anew. */
export const flowPublishRoutes = (ctx: ApiContext) => [
  defineRoute({
    method: 'post',
    path: '/api/v1/flows/:key/publish',
    permission: 'flows:manage',
    summary:
      'Publish the draft as a new immutable version with a message (1–500 characters); refused with every problem while it is invalid. An If-Match, when sent, must name the draft revision the admin reviewed.',
    params: keyParams,
    body: messageBody,
    async handler({ req, params, body, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        await lockFlow(tx, params.key);
        const draft = await getDraft(tx, params.key);
        if (!draft) throw HttpProblem.notFound(`flow '${params.key}' has no draft to publish`);
        if (req.header('If-Match') !== undefined) checkDraftPrecondition(req, draft);
        const result = checkFlow(draft.definition);
        if (!result.ok) throw invalidFlow(result.problems);
        const published = await publishDraft(tx, params.key, actor, body.message);
        await audit(tx, actor, 'flow.published', 'flow', `${params.key}@${draft.version}`, {
          version: draft.version,
          revision: draft.revision,
          message: body.message,
        });
        return published!;
      });
      return { body: row };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/flows/:key/versions/:version/republish',
    permission: 'flows:manage',
    summary:
      'Roll back: publish an older version anew as the next version number (new work pins it; running work keeps its version). A draft in progress stays the draft and moves one number up.',
    params: keyParams.extend({ version: versionNumber }),
    body: messageBody,
    async handler({ params, body, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        await lockFlow(tx, params.key);
        const source = await getVersion(tx, params.key, params.version);
        if (!source || source.status === 'draft') throw HttpProblem.notFound(`flow '${params.key}' has no published v${params.version}`);
        // The vocabulary may have narrowed since it was published: what runs must pass today's checks.
        const result = checkFlow(source.definition);
        if (!result.ok) throw invalidFlow(result.problems);
        const published = await republishVersion(tx, source, actor, body.message);
        await audit(tx, actor, 'flow.republished', 'flow', `${params.key}@${published.version}`, {
          version: published.version,
          republishedFrom: source.version,
          message: body.message,
        });
        return published;
      });
      return { status: 201, body: row };
    },
  }),
];
