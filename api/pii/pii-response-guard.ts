import type { DataSource } from 'typeorm';
import { assigneeOf, visitOf, visitsNaming } from '../../domain/pii/assigned-work';
import { maskJson, type PiiHit } from '../../domain/pii/json-masker';
import { actorOf } from '../auth/api-tokens';
import type { Logger } from '../../core/logger';
import type { ResponseFilter } from '../http/route';
import { HttpProblem } from '../http/problem';
import { piiRuleCache } from './pii-rule-store';

/** An audit row names at most this many fields; the count says how many there were. */
const MAX_AUDITED_FIELDS = 100;

/**
 * Every JSON response passes here on its way out (api/http/route.ts). Personal data is masked by
 * the rules the caller may not see through; when the caller may see some of it and the response
 * does carry it, the read is written to the audit log before the response is sent — if that write
 * fails the caller gets a 503, never unaudited data.
 */
export function createPiiResponseGuard(deps: { dataSource: DataSource; log: Logger }): ResponseFilter {
  const cache = piiRuleCache(deps.dataSource);
  /** The visits among `ids` really assigned to the engineer (the response only claims it). */
  const assignedOf = async (engineerId: string, ids: string[]): Promise<Set<string>> => {
    if (!ids.length) return new Set();
    const rows = (await deps.dataSource.query(`SELECT visit_id FROM visits WHERE visit_id = ANY($1) AND engineer_id = $2`, [
      ids,
      engineerId,
    ])) as { visit_id: string }[];
    return new Set(rows.map((r) => r.visit_id));
  };

  return async ({ route, req, principal, body }) => {
    if (body === undefined || route.piiMasked) return body;
    const rules = await cache.forPrincipal(principal);
    // A field engineer sees the address and phone of their own visits (domain/pii/assigned-work.ts).
    const engineerId = assigneeOf(principal);
    const own = engineerId ? await assignedOf(engineerId, visitsNaming(body, engineerId)) : new Set<string>();
    const ownRules = own.size ? await cache.forAssignee(principal!) : null;
    const inOwn = (pick: 'masked' | 'unmasked') => (o: Record<string, unknown>) => {
      const visit = visitOf(o);
      return visit && visit.engineerId === engineerId && own.has(visit.visitId) ? ownRules![pick] : null;
    };
    const masked = maskJson(body, rules.masked, ownRules ? { scope: inOwn('masked') } : {});
    if (masked.hits.length)
      deps.log.debug('personal data masked in response', { route: route.path, url: req.originalUrl, fields: summary(masked.hits) });
    if (!principal || (!ownRules && rules.unmasked.fields.length + rules.unmasked.textTypes.length === 0)) return masked.value;
    const seen = maskJson(masked.value, rules.unmasked, ownRules ? { scope: inOwn('unmasked') } : {}).hits;
    if (seen.length === 0) return masked.value;
    try {
      await deps.dataSource.query(
        `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'pii.read', 'api_response', $2, $3)`,
        [
          actorOf(principal),
          req.originalUrl.split('?')[0],
          JSON.stringify({
            route: `${route.method.toUpperCase()} ${route.path}`,
            params: req.params,
            fieldCount: seen.length,
            fields: seen.slice(0, MAX_AUDITED_FIELDS).map(({ path, type }) => ({ path, type })),
            types: [...new Set(seen.map((h) => h.type))],
            // why an engineer saw them: the visits assigned to them
            ...(own.size ? { assignedVisits: [...own] } : {}),
          }),
        ],
      );
    } catch (err) {
      deps.log.error('could not audit an unmasked read; response withheld', { route: route.path, error: String(err) });
      throw HttpProblem.unavailable('the read of personal data could not be audited; retry shortly');
    }
    return masked.value;
  };
}

function summary(hits: PiiHit[]): string[] {
  return [...new Set(hits.map((h) => `${h.path}:${h.type}`))].slice(0, 20);
}
