import { evaluateRules, type EvaluateOptions, type RuleEvaluation, type RuleFacts } from '../rules/rule-evaluator';
import type { Rule } from '../rules/rule.schema';

/**
 * Evaluates rules inside the Temporal workflow sandbox (the bundled, deterministic V8 context the
 * ticket workflow runs in), so a test can compare the result with the same call outside it.
 */
export async function ruleEvaluationWorkflow(
  rules: Rule[],
  cases: { facts: RuleFacts; opts?: EvaluateOptions }[],
): Promise<RuleEvaluation[]> {
  return cases.map((c) => evaluateRules(rules, c.facts, c.opts));
}
