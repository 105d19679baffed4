import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { articleIdParams, articleView, canManageKnowledge, loadArticle } from './article-views';

export const getArticleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/knowledge/articles/:id',
    permission: 'knowledge:read',
    summary: 'One knowledge article. Drafts and archived articles only for those who manage the knowledge base.',
    params: articleIdParams,
    async handler({ params, principal }) {
      const row = await loadArticle(ctx.dataSource, params.id);
      // Unpublished articles do not exist for readers, rather than being forbidden to them.
      if (row.status !== 'published' && !canManageKnowledge(principal))
        throw HttpProblem.notFound(`knowledge article ${params.id} does not exist`);
      return { headers: { ETag: `"${row.version}"` }, body: articleView(row) };
    },
  });
