import { z } from 'zod';
import { ARTICLE_COLUMNS, type ArticleRow } from '../../db/knowledge-store';
import { normalizeModel } from '../../domain/knowledge/search-terms';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { ticketIdParams } from '../tickets/ticket-params';
import { assertTicketInScope } from '../tickets/ticket-scope';
import { articleHit, RANK_WEIGHTS, toTsquery } from './knowledge-search';

/** The description is searched by its opening, where people say what is wrong. */
const DESCRIPTION_CHARS = 500;

interface TicketFacts {
  category1: string | null;
  category2: string | null;
  category3: string | null;
  sku: string | null;
  description: string;
  assetModel: string | null;
  assetSku: string | null;
}

/**
 * Score of an article for a ticket: the same fault category counts most (level 3 above level 2
 * above level 1), then the same product model, then how well its text matches the description.
 */
export const suggestedArticlesRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/tickets/:ticketId/suggested-articles',
    permission: 'knowledge:read',
    summary:
      "Published articles that may help with a ticket, best first, ranked by its category, product model (SKU, or the asset's model) and description; each says why it was suggested.",
    params: ticketIdParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(20).default(5) }).strict(),
    async handler({ params, query, principal }) {
      // A service provider's token gets suggestions for its own tickets only.
      await assertTicketInScope(ctx, principal, params.ticketId);
      const [t] = (await ctx.dataSource.query(
        `SELECT t.category1, t.category2, t.category3, t.sku, t.description, s.model AS "assetModel", s.sku AS "assetSku"
         FROM tickets t LEFT JOIN assets s ON s.id = t.asset_id WHERE t.ticket_id = $1`,
        [params.ticketId],
      )) as TicketFacts[];
      if (!t) throw HttpProblem.notFound(`ticket ${params.ticketId} does not exist`);
      const models = [...new Set([t.sku, t.assetModel, t.assetSku].filter((m): m is string => !!m).map(normalizeModel))];
      const text = toTsquery(t.description.slice(0, DESCRIPTION_CHARS));
      const rows = (await ctx.dataSource.query(
        `SELECT * FROM (
           SELECT ${ARTICLE_COLUMNS},
             a.category1 = $1 AS "sameCategory1",
             a.category1 = $1 AND a.category2 = $2 AS "sameCategory2",
             a.category1 = $1 AND a.category2 = $2 AND a.category3 = $3 AS "sameCategory3",
             a.models && $4::text[] AS "sameModel",
             COALESCE(ts_rank('${RANK_WEIGHTS}', a.search_vector, $5::tsquery), 0) AS "textRank",
             a.search_vector @@ $5::tsquery AS "textMatch"
           FROM knowledge_articles a
           WHERE a.status = 'published'
             -- an SOP for another model is no help; one for every model may be
             AND (cardinality($4::text[]) = 0 OR a.models = '{}' OR a.models && $4::text[])
         ) s
         WHERE s."sameCategory1" OR s."sameModel" OR s."textMatch"
         ORDER BY (CASE WHEN s."sameCategory1" THEN 1 ELSE 0 END + CASE WHEN s."sameCategory2" THEN 1 ELSE 0 END
                 + CASE WHEN s."sameCategory3" THEN 2 ELSE 0 END + CASE WHEN s."sameModel" THEN 1.5 ELSE 0 END
                 + 3 * s."textRank") DESC, s."updatedAt" DESC, s.id
         LIMIT $6`,
        [t.category1, t.category2, t.category3, models, text, query.limit],
      )) as (ArticleRow & {
        sameCategory1: boolean | null;
        sameCategory2: boolean | null;
        sameCategory3: boolean | null;
        sameModel: boolean;
        textRank: number;
        textMatch: boolean | null;
      })[];
      const items = rows.map((r) => ({
        ...articleHit(r, t.description.slice(0, DESCRIPTION_CHARS)),
        reasons: [
          r.sameCategory3 ? 'category3' : r.sameCategory2 ? 'category2' : r.sameCategory1 ? 'category1' : null,
          r.sameModel ? 'model' : null,
          r.textMatch ? 'text' : null,
        ].filter(Boolean),
      }));
      return { body: { ticketId: params.ticketId, models, items } };
    },
  });
