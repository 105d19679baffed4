import { updateArticleContent } from '../../db/knowledge-store';
import { updateArticleSchema } from '../../domain/knowledge/knowledge-article';
import { checkIfMatch } from '../http/if-match';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { articleIdParams, articleView, checkArticleCategories, loadArticle } from './article-views';
import { actorOf } from '../auth/api-tokens';

export const updateArticleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'patch',
    path: '/api/v1/knowledge/articles/:id',
    permission: 'knowledge:manage',
    summary:
      'Change an article (any status; a published one stays published with the new text). Fields left out keep their value; a category set to null is removed with the levels below it. If-Match: "<version>" guards against overwriting someone else’s edit.',
    params: articleIdParams,
    body: updateArticleSchema,
    async handler({ req, params, body, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const current = await loadArticle(tx, params.id, true);
        checkIfMatch(req.header('If-Match'), current.version, 'the article');
        // Clearing a level clears the levels below it; setting a level keeps lower ones only if given.
        const category1 = body.category1 === undefined ? current.category1 : body.category1;
        const category2 = body.category1 === null ? null : body.category2 === undefined ? current.category2 : body.category2;
        const category3 =
          body.category1 === null || body.category2 === null ? null : body.category3 === undefined ? current.category3 : body.category3;
        const next = {
          kind: body.kind ?? current.kind,
          title: body.title ?? current.title,
          body: body.body ?? current.body,
          models: body.models ?? current.models,
          tags: body.tags ?? current.tags,
          author: body.author ?? current.author,
          category1,
          category2,
          category3,
        };
        await checkArticleCategories(ctx, next);
        const updated = await updateArticleContent(tx, params.id, next, actor);
        await tx.query(
          `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'knowledge.article_updated', 'knowledge_article', $2, $3)`,
          [actor, params.id, JSON.stringify({ fields: Object.keys(body), version: updated.version })],
        );
        return updated;
      });
      return { headers: { ETag: `"${row.version}"` }, body: articleView(row) };
    },
  });
