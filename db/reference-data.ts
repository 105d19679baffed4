import type { DataSource } from 'typeorm';
import { defaultRmaFlow } from '../domain/flow/default-rma-flow';
import { defaultTicketFlow } from '../domain/flow/default-ticket-flow';
import { defaultVisitFlow } from '../domain/flow/default-visit-flow';
import type { FlowDefinitionInput } from '../domain/flow/flow-definition';
import { flowDefinitionSchema } from '../domain/flow/flow-definition';
import { STANDARD_DICTIONARIES } from '../domain/ticket/standard-dictionaries';
import { latestPublished, publishDraft, saveDraft } from './flow-store';
import { seedStandardArticles } from './knowledge-store';
import { seedStandardFormTemplates } from './form-template-store';
import { seedRuleSet } from './rule-set-store';
import { parseRule } from '../rules/rule.schema';
import { SEED_VIP_P1_RULE } from '../rules/seed-rules';

/** Flows every installation starts with, published as version 1 when the key has none. */
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
      if (await latestPublished(tx, flow.key)) return;
      await saveDraft(tx, flowDefinitionSchema.parse(flow), 'system');
      await publishDraft(tx, flow.key, 'system');
      seeded.push(`${flow.key} v1`);
    });
  }
  seeded.push(...(await seedStandardFormTemplates(ds)));
  const articles = await seedStandardArticles(ds);
  if (articles) seeded.push(`${articles} knowledge articles`);
  // the automation rule of seed 002 §14, as written there, is what the 'ticket' rule set starts with
  if (await seedRuleSet(ds, 'ticket', [parseRule(SEED_VIP_P1_RULE)], 'seed 002 §14: vip_p1_auto_escalate')) seeded.push('ticket rules v1');
  return seeded;
}
