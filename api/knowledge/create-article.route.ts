import { createArticleSchema } from '../../domain/knowledge/knowledge-article';
import { insertArticle } from '../../db/knowledge-store';
import type { ApiContext } from '../context';
import { claimIdempotencyKey, readIdempotencyKey, requestHash } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { articleView, checkArticleCategories, loadArticle, newArticleId } from './article-views';
import { actorOf } from '../auth/api-tokens';

export const createArticleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/knowledge/articles',
    permission: 'knowledge:manage',
    summary: 'Write a knowledge article (FAQ, SOP or work instruction) as a draft. Idempotency-Key makes a retry return the same article.',
    body: createArticleSchema,
    async handler({ req, body, principal }) {
      const actor = actorOf(principal);
      const key = readIdempotencyKey(req.header('Idempotency-Key'));
      await checkArticleCategories(ctx, body);
      const result = await ctx.dataSource.transaction(async (tx) => {
        let id = newArticleId();
        if (key) {
          const claim = await claimIdempotencyKey(tx, {
            scope: principal!.id,
            key,
            hash: requestHash(body),
            resourceType: 'knowledge_article',
            candidateId: id,
          });
          if (claim.replay) return { row: await loadArticle(tx, claim.resourceId), replay: true };
          id = claim.resourceId;
        }
        const row = await insertArticle(tx, {
          id,
          kind: body.kind,
          title: body.title,
          body: body.body,
          models: body.models,
          tags: body.tags,
          category1: body.category1 ?? null,
          category2: body.category2 ?? null,
          category3: body.category3 ?? null,
          status: 'draft',
          author: body.author ?? principal!.name,
          actor,
        });
        if (!row) throw HttpProblem.unavailable('article id collision; retry');
        await tx.query(
          `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'knowledge.article_created', 'knowledge_article', $2, $3)`,
          [actor, row.id, JSON.stringify({ kind: row.kind, title: row.title })],
        );
        return { row, replay: false };
      });
      return {
        status: result.replay ? 200 : 201,
        headers: { Location: `/api/v1/knowledge/articles/${result.row.id}`, ...(result.replay ? { 'Idempotent-Replayed': 'true' } : {}) },
        body: articleView(result.row),
      };
    },
  });
