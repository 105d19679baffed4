import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { inboxRoutes } from '../inbox/inbox.routes';
import { changeArticleStatusRoute } from './change-article-status.route';
import { createArticleRoute } from './create-article.route';
import { deleteArticleRoute } from './delete-article.route';
import { getArticleRoute } from './get-article.route';
import { listArticlesRoute } from './list-articles.route';
import { searchKnowledgeRoute } from './search-knowledge.route';
import { suggestedArticlesRoute } from './suggested-articles.route';
import { updateArticleRoute } from './update-article.route';

/** The routes for the knowledge base and the in-app message centre. */
export function knowledgeRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [
    searchKnowledgeRoute(ctx),
    createArticleRoute(ctx),
    listArticlesRoute(ctx),
    getArticleRoute(ctx),
    updateArticleRoute(ctx),
    changeArticleStatusRoute(ctx, 'publish'),
    changeArticleStatusRoute(ctx, 'archive'),
    deleteArticleRoute(ctx),
    suggestedArticlesRoute(ctx),
    ...inboxRoutes(ctx),
  ];
}
