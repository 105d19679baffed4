/**
 * Rule evaluations per second (issue 5 benchmark).
 *
 *   npx tsx bench/rules.bench.ts [seconds per measurement=2]
 *
 * A realistic set of 20 rules with nested conditions (rules/sample-rule-set.ts: routing, approval,
 * SLA and automation rules using in_region, business_hours, days_between, contains, lower) over a
 * mix of six tickets, through:
 *   A. `evaluateRules` — priority order, kind filter, stopProcessing, and for every rule that does
 *      not match, the explanation (the first false sub-condition with the values it read);
 *   B. plain `json-logic-js` `apply` of the same 20 conditions (same instance, custom operations
 *      registered), nothing else: the floor any JSON-Logic engine has to pay.
 * One "evaluation" is one whole rule set against one ticket. Both run in this process, alternately,
 * after a warm-up; the ratio A/B is the price of explainability.
 */
import { performance } from 'node:perf_hooks';
import jsonLogic from 'json-logic-js';
import { evaluateRules, type RuleFacts } from '../rules/rule-evaluator';
import { sampleFacts, sampleRuleSet } from '../rules/sample-rule-set';

const SECONDS = Number(process.argv[2] ?? 2);
const rules = sampleRuleSet('c_bench');
const facts = sampleFacts('c_bench') as RuleFacts[];
const conditions = rules.map((r) => r.condition as Parameters<typeof jsonLogic.apply>[0]);

let sink = 0;
function evaluator(i: number): void {
  sink += evaluateRules(rules, facts[i % facts.length]!).actions.length;
}
function plain(i: number): void {
  const data = facts[i % facts.length]!;
  for (const c of conditions) if (jsonLogic.truthy(jsonLogic.apply(c, data))) sink++;
}

/** evaluations per second over `seconds`, measured in batches to keep timer overhead out */
function measure(fn: (i: number) => void, seconds: number): number {
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) for (let k = 0; k < 200; k++) fn(n++);
  return n / ((performance.now() - start) / 1000);
}

const matchedShare =
  facts.reduce((s, f) => s + evaluateRules(rules, f).results.filter((r) => r.matched).length, 0) / (facts.length * rules.length);
console.log(`[bench] ${rules.length} rules × ${facts.length} tickets, ${Math.round(matchedShare * 100)} % of rule evaluations match`);
measure(evaluator, 0.5);
measure(plain, 0.5);
const rounds = 3;
const a: number[] = [];
const b: number[] = [];
for (let r = 0; r < rounds; r++) {
  a.push(measure(evaluator, SECONDS));
  b.push(measure(plain, SECONDS));
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const ea = median(a);
const eb = median(b);
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(
  `evaluateRules (with explanations)   ${fmt(ea).padStart(10)} rule-set evaluations/s   ${fmt(ea * rules.length).padStart(12)} rules/s`,
);
console.log(
  `json-logic-js apply (conditions)    ${fmt(eb).padStart(10)} rule-set evaluations/s   ${fmt(eb * rules.length).padStart(12)} rules/s`,
);
console.log(`ratio evaluateRules / plain apply   ${(ea / eb).toFixed(2)}   (median of ${rounds} rounds of ${SECONDS} s each)`);
if (sink < 0) console.log(sink);
