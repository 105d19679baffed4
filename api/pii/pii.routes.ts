import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { createPiiRuleRoute } from './create-pii-rule.route';
import { deletePiiRuleRoute } from './delete-pii-rule.route';
import { getPiiRuleRoute } from './get-pii-rule.route';
import { listAuditRoute } from './list-audit.route';
import { listPiiRulesRoute } from './list-pii-rules.route';
import { updatePiiRuleRoute } from './update-pii-rule.route';

/** PII masking rules (admin) and the audit trail, where unmasked reads of personal data are listed. */
export function piiRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [
    listPiiRulesRoute(ctx),
    createPiiRuleRoute(ctx),
    getPiiRuleRoute(ctx),
    updatePiiRuleRoute(ctx),
    deletePiiRuleRoute(ctx),
    listAuditRoute(ctx),
  ];
}
