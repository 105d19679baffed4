import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { backtestRuleSetRoute } from './backtest-rule-set.route';
import { createRuleRoute } from './create-rule.route';
import { deleteRuleRoute } from './delete-rule.route';
import { getRuleSetVersionRoute } from './get-rule-set-version.route';
import { getRuleRoute } from './get-rule.route';
import { listRuleSetVersionsRoute } from './list-rule-set-versions.route';
import { listRuleVariablesRoute } from './list-rule-variables.route';
import { listRulesRoute } from './list-rules.route';
import { publishRuleSetRoute } from './publish-rule-set.route';
import { testRuleRoute } from './test-rule.route';
import { updateRuleRoute } from './update-rule.route';

/** The rule store: per-rule edits of the draft, tests, publishing, versions and back-tests. */
export function ruleRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [
    createRuleRoute(ctx),
    listRulesRoute(ctx),
    // before /rules/:key, which would take 'variables' for a rule key
    listRuleVariablesRoute(ctx),
    getRuleRoute(ctx),
    updateRuleRoute(ctx),
    deleteRuleRoute(ctx),
    testRuleRoute(ctx),
    publishRuleSetRoute(ctx),
    listRuleSetVersionsRoute(ctx),
    getRuleSetVersionRoute(ctx),
    backtestRuleSetRoute(ctx),
  ];
}
