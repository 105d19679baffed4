import { TICKET_FIELDS } from '../domain/flow/flow-vocabulary';
import { NOTIFICATION_CHANNELS, NOTIFICATION_TEMPLATES } from '../domain/notify/notification-templates';
import { STANDARD_POLICIES } from '../domain/sla/sla-policy';
import { validateLogic, type LogicProblem } from './json-logic';
import { normalizeRuleInput, ruleSchema, SLA_ALIASES, zodProblems, type Rule } from './rule.schema';
import { RULE_OPERATION_NAMES } from './rule-operations';

export type RuleProblem = LogicProblem;

const FIELDS = new Set<string>(TICKET_FIELDS);
const ROOTS = new Set(['now', 'event']);

/** A variable a condition may read: now, event, ticket.<field>[.…], previous.<field>[.…]. */
export function isRuleVariable(name: string): boolean {
  if (ROOTS.has(name)) return true;
  const [root, field] = name.split('.');
  return (root === 'ticket' || root === 'previous') && field !== undefined && FIELDS.has(field);
}

/** Problems of the actions beyond their shape: references to policies, channels and templates that do not exist. */
function actionProblems(rule: Rule): RuleProblem[] {
  const problems: RuleProblem[] = [];
  rule.actions.forEach((a, i) => {
    const at = (field: string) => `actions[${i}].${field}`;
    switch (a.action) {
      case 'assign':
        if (!a.group && !a.assignee) problems.push({ path: `actions[${i}]`, message: 'assign needs a group, an assignee or both' });
        break;
      case 'escalate':
        if (!a.level && !a.group) problems.push({ path: `actions[${i}]`, message: 'escalate needs a level (L2, L3, vendor) or a group' });
        break;
      case 'notify':
        if (!(NOTIFICATION_CHANNELS as readonly string[]).includes(a.channel))
          problems.push({ path: at('channel'), message: `unknown channel '${a.channel}'; one of ${NOTIFICATION_CHANNELS.join(', ')}` });
        if (a.template && !NOTIFICATION_TEMPLATES[a.template])
          problems.push({
            path: at('template'),
            message: `unknown template '${a.template}'; one of ${Object.keys(NOTIFICATION_TEMPLATES).join(', ')}`,
          });
        break;
      case 'start_timer':
      case 'set_sla_policy':
        if (!STANDARD_POLICIES[a.sla])
          problems.push({
            path: at('sla'),
            message: `unknown SLA policy '${a.sla}'; one of ${[...Object.keys(STANDARD_POLICIES), ...Object.keys(SLA_ALIASES)].join(', ')}`,
          });
        break;
      default:
        break;
    }
  });
  return problems;
}

/**
 * Everything wrong with a rule (either dialect), each with its path in the canonical form:
 * `condition.and[1].==[0].var` for an unknown variable, `actions[2].channel` for a channel that does
 * not exist. Empty when the rule may be stored.
 */
export function validateRule(input: unknown): RuleProblem[] {
  const parsed = ruleSchema.safeParse(normalizeRuleInput(input));
  if (!parsed.success) {
    const problems = zodProblems(parsed.error);
    // report logic problems too when the condition is there, so one round trip shows them all
    const condition = (normalizeRuleInput(input) as { condition?: unknown } | null)?.condition;
    if (condition !== undefined) problems.push(...conditionProblems(condition));
    return problems;
  }
  return [...conditionProblems(parsed.data.condition), ...actionProblems(parsed.data)];
}

export function conditionProblems(condition: unknown): RuleProblem[] {
  return validateLogic(condition, { knownVariable: isRuleVariable, extraOperations: RULE_OPERATION_NAMES }, 'condition');
}
