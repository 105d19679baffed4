import { z } from 'zod';
import { getDraft, getVersion, latestPublished } from '../../db/rule-set-store';
import { TICKET_FIELDS } from '../../domain/flow/flow-vocabulary';
import { evaluateRules, traceCondition } from '../../rules/rule-evaluator';
import { RULE_EVENTS } from '../../rules/rule.schema';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { DEFAULT_RULE_SET, ruleKeyParams, ruleNotFound, versionNumber } from './rule-http';

const FIELDS = new Set<string>(TICKET_FIELDS);
const sampleTicket = z.record(z.string(), z.unknown()).superRefine((t, c) => {
  for (const k of Object.keys(t))
    if (!FIELDS.has(k)) c.addIssue({ code: 'custom', path: [k], message: `unknown ticket field; one of ${TICKET_FIELDS.join(', ')}` });
});

const body = z
  .object({
    /** the sample ticket: fields as `ticket.<field>` reads them */
    ticket: sampleTicket,
    event: z.enum(RULE_EVENTS).optional(),
    /** the instant of the evaluation; defaults to the request's */
    now: z.iso.datetime({ offset: true }).optional(),
    previous: sampleTicket.optional(),
    /** a published version to test instead of the draft */
    version: versionNumber.optional(),
  })
  .strict();

export const testRuleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/rules/:key/test',
    permission: 'rules:read',
    summary:
      'Evaluates one rule (from the draft, else the published version, or `version`) on a sample ticket and event, without side effects: matched or not, why (the first false sub-condition with the values seen), the actions it would take, whether the event triggers it, and the full trace of the condition.',
    params: ruleKeyParams,
    body,
    async handler({ params, body }) {
      const set = body.version
        ? await getVersion(ctx.dataSource, DEFAULT_RULE_SET, body.version)
        : ((await getDraft(ctx.dataSource, DEFAULT_RULE_SET)) ?? (await latestPublished(ctx.dataSource, DEFAULT_RULE_SET)));
      if (!set)
        throw HttpProblem.notFound(`rule set '${DEFAULT_RULE_SET}' has ${body.version ? `no version ${body.version}` : 'no rules yet'}`);
      const rule = set.rules.find((r) => r.key === params.key);
      if (!rule) throw ruleNotFound(params.key, `${DEFAULT_RULE_SET} v${set.version} (${set.status})`);
      const facts = {
        ticket: body.ticket,
        now: body.now ?? new Date().toISOString(),
        ...(body.event ? { event: body.event } : {}),
        ...(body.previous ? { previous: body.previous } : {}),
      };
      const [result] = evaluateRules([rule], facts).results;
      // a rule without `on` acts when its condition becomes true on creation or a change (see domain/automation)
      const triggered = rule.kind !== 'automation' || !body.event || !rule.on || rule.on.includes(body.event);
      return {
        body: {
          ruleKey: rule.key,
          ruleVersion: rule.version ?? null,
          ruleSet: { key: set.key, version: set.version, status: set.status },
          matched: result!.matched,
          why: result!.why,
          actions: result!.matched ? rule.actions : [],
          triggered,
          wouldAct: triggered && result!.matched,
          trace: traceCondition(rule.condition, facts),
          facts,
        },
      };
    },
  });
