import type { DataSource } from 'typeorm';
import { maskJson, type PiiHit } from '../../domain/pii/json-masker';
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
  return async ({ route, req, principal, body }) => {
    if (body === undefined || route.piiMasked) return body;
    const rules = await cache.forPrincipal(principal);
    const masked = maskJson(body, rules.masked);
    if (masked.hits.length)
      deps.log.debug('personal data masked in response', { route: route.path, url: req.originalUrl, fields: summary(masked.hits) });
    if (!principal || rules.unmasked.fields.length + rules.unmasked.textTypes.length === 0) return masked.value;
    const seen = maskJson(masked.value, rules.unmasked).hits;
    if (seen.length === 0) return masked.value;
    try {
      await deps.dataSource.query(
        `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'pii.read', 'api_response', $2, $3)`,
        [
          `token:${principal.name}`,
          req.originalUrl.split('?')[0],
          JSON.stringify({
            route: `${route.method.toUpperCase()} ${route.path}`,
            params: req.params,
            fieldCount: seen.length,
            fields: seen.slice(0, MAX_AUDITED_FIELDS).map(({ path, type }) => ({ path, type })),
            types: [...new Set(seen.map((h) => h.type))],
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
