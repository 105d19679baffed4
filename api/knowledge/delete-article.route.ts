import { checkIfMatch } from '../http/if-match';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { articleIdParams, loadArticle } from './article-views';
import { actorOf } from '../auth/api-tokens';

export const deleteArticleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'delete',
    path: '/api/v1/knowledge/articles/:id',
    permission: 'knowledge:manage',
    summary: 'Delete a draft that was never published. Articles agents may have relied on are archived instead, so they stay on record.',
    params: articleIdParams,
    async handler({ req, params, principal }) {
      const actor = actorOf(principal);
      await ctx.dataSource.transaction(async (tx) => {
        const current = await loadArticle(tx, params.id, true);
        checkIfMatch(req.header('If-Match'), current.version, 'the article');
        if (current.status !== 'draft' || current.publishedAt) {
          throw new HttpProblem(
            409,
            'invalid_state',
            'Action refused',
            `only never-published drafts can be deleted; archive ${params.id} instead`,
          );
        }
        await tx.query(`DELETE FROM knowledge_articles WHERE id = $1`, [params.id]);
        await tx.query(
          `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'knowledge.article_deleted', 'knowledge_article', $2, $3)`,
          [actor, params.id, JSON.stringify({ title: current.title, version: current.version })],
        );
      });
      return { status: 204, body: undefined };
    },
  });
