import type { DataSource } from 'typeorm';
import { defaultRmaFlow } from '../domain/flow/default-rma-flow';
import { defaultTicketFlow } from '../domain/flow/default-ticket-flow';
import { defaultVisitFlow } from '../domain/flow/default-visit-flow';
import type { FlowDefinitionInput } from '../domain/flow/flow-definition';
import { flowDefinitionSchema } from '../domain/flow/flow-definition';
import { STANDARD_DICTIONARIES } from '../domain/ticket/standard-dictionaries';
import { getDraft, latestPublished, publishDraft, saveDraft } from './flow-store';
import { seedStandardArticles } from './knowledge-store';
import { seedStandardFormTemplates } from './form-template-store';
import { seedRuleSet } from './rule-set-store';
import { parseRule } from '../rules/rule.schema';
import { SEED_VIP_P1_RULE } from '../rules/seed-rules';

/**
 * Flows every installation starts with, published as version 1 when the key has none. While only
 * the system has published a key (no admin's version, no draft in progress), a newer bundled
 * default is published over it as the next version, so an upgrade brings its flow changes; an
 * admin's own version or draft is never overwritten.
 */
export const DEFAULT_FLOWS: FlowDefinitionInput[] = [defaultTicketFlow, defaultRmaFlow, defaultVisitFlow];

/** Idempotent: run after migrations wherever they run (start, setup, tests). */
export async function seedReferenceData(ds: DataSource): Promise<string[]> {
  const seeded: string[] = [];
  // Standard entries are added when missing; entries admins added or deactivated are left alone.
  let added = 0;
  for (const d of STANDARD_DICTIONARIES) {
    const rows: unknown[] = await ds.query(
      `INSERT INTO dictionary_entries (type, code, parent_code, level, label_zh, label_en, sort, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'system') ON CONFLICT (type, code) DO NOTHING RETURNING code`,
      [d.type, d.code, d.parent ?? null, d.code.split('/').length, d.zh, d.en, STANDARD_DICTIONARIES.indexOf(d)],
    );
    added += rows.length;
  }
  if (added) seeded.push(`${added} dictionary entries`);
  for (const flow of DEFAULT_FLOWS) {
    await ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`flow:${flow.key}`]);
      const bundled = flowDefinitionSchema.parse(flow);
      const latest = await latestPublished(tx, flow.key);
      if (latest) {
        if (latest.publishedBy !== 'system' || (await getDraft(tx, flow.key))) return;
        if (canonicalJson(flowDefinitionSchema.parse(latest.definition)) === canonicalJson(bundled)) return;
      }
      await saveDraft(tx, bundled, 'system');
      const published = await publishDraft(tx, flow.key, 'system', latest ? 'bundled default updated' : 'bundled default');
      seeded.push(`${flow.key} v${published!.version}`);
    });
  }
  seeded.push(...(await seedStandardFormTemplates(ds)));
  const articles = await seedStandardArticles(ds);
  if (articles) seeded.push(`${articles} knowledge articles`);
  // the automation rule of seed 002 §14, as written there, is what the 'ticket' rule set starts with
  if (await seedRuleSet(ds, 'ticket', [parseRule(SEED_VIP_P1_RULE)], 'seed 002 §14: vip_p1_auto_escalate')) seeded.push('ticket rules v1');
  return seeded;
}

/** JSON with object keys sorted, so a definition read back from jsonb compares equal to the bundled one. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
