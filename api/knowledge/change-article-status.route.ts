import { ARTICLE_COLUMNS, type ArticleRow } from '../../db/knowledge-store';
import { ARTICLE_TRANSITIONS } from '../../domain/knowledge/knowledge-article';
import { checkIfMatch } from '../http/if-match';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { articleIdParams, articleView, loadArticle } from './article-views';
import { actorOf } from '../auth/api-tokens';

/** POST …/publish and …/archive: the article's lifecycle, draft → published ⇄ archived. */
export const changeArticleStatusRoute = (ctx: ApiContext, action: keyof typeof ARTICLE_TRANSITIONS) =>
  defineRoute({
    method: 'post',
    path: `/api/v1/knowledge/articles/:id/${action}`,
    permission: 'knowledge:manage',
    summary:
      action === 'publish'
        ? 'Publish a draft (or an archived article again): agents can find it from now on.'
        : 'Archive an article: it is no longer found or suggested, and stays on record.',
    params: articleIdParams,
    async handler({ req, params, principal }) {
      const actor = actorOf(principal);
      const { from, to } = ARTICLE_TRANSITIONS[action];
      const row = await ctx.dataSource.transaction(async (tx) => {
        const current = await loadArticle(tx, params.id, true);
        checkIfMatch(req.header('If-Match'), current.version, 'the article');
        if (!from.includes(current.status)) {
          throw new HttpProblem(
            409,
            'invalid_state',
            'Action refused',
            `cannot ${action} an article that is ${current.status}; allowed from ${from.join(', ')}`,
          );
        }
        const [[updated]] = (await tx.query(
          `UPDATE knowledge_articles AS a SET status = $2, version = version + 1, updated_by = $3, updated_at = now(),
              published_at = CASE WHEN $2 = 'published' THEN now() ELSE published_at END,
              archived_at = CASE WHEN $2 = 'archived' THEN now() ELSE NULL END
           WHERE id = $1 RETURNING ${ARTICLE_COLUMNS}`,
          [params.id, to, actor],
        )) as [ArticleRow[], number];
        await tx.query(
          `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, $2, 'knowledge_article', $3, $4)`,
          [
            actor,
            `knowledge.article_${action === 'publish' ? 'published' : 'archived'}`,
            params.id,
            JSON.stringify({ from: current.status, version: updated!.version }),
          ],
        );
        return updated!;
      });
      return { headers: { ETag: `"${row.version}"` }, body: articleView(row) };
    },
  });
