import type { CreateTicketInput, Priority } from '../ticket/ticket.schema';
import { formatLocal } from './zoned-time';

/**
 * The ticket a maintenance firing opens for one asset: fields from the plan's ticket template,
 * the description rendered from its text with `{{…}}` placeholders. Pure.
 */
export const MAINTENANCE_CATEGORY1 = '预防性维护';
export const MAINTENANCE_CATEGORY2 = '定期保养';
export const CYCLE_CATEGORY3 = '周期保养';
export const CONDITION_CATEGORY3 = '状态触发保养';
/** Tag every maintenance ticket carries, so lists and reports can tell them apart. */
export const MAINTENANCE_TAG = 'preventive-maintenance';

export const DEFAULT_DESCRIPTION_TEMPLATE =
  '预防性维护（{{plan.name}}）：{{asset.model}} 序列号 {{asset.serialNo}}{{site.label}}，计划时间 {{scheduledAt}}。{{trigger.reason}}';

export interface TicketTemplate {
  category1?: string;
  category2?: string;
  category3?: string;
  priority: Priority;
  descriptionTemplate: string;
}

export interface TemplateAsset {
  id: string;
  serialNo: string;
  model: string;
  sku: string | null;
  name: string | null;
}

export interface TemplateSite {
  id: string;
  name: string;
  address: string;
  region: string | null;
}

export interface MaintenanceFiring {
  plan: { id: string; name: string; triggerType: 'cycle' | 'condition'; timeZone: string; ticket: TicketTemplate };
  asset: TemplateAsset;
  site: TemplateSite | null;
  customer: { id: string; name: string; region: string | null; tier: string | null };
  scheduledAt: Date;
  /** why it fired, e.g. the readings that met the condition */
  reason?: string;
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z][\w.]*)\s*\}\}/g;

/** Replaces `{{path}}` with the value at that path; unknown paths become empty. */
export function renderTemplate(template: string, vars: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (_, path: string) => {
    let v: unknown = vars;
    for (const key of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    return v === undefined || v === null ? '' : String(v);
  });
}

/** The placeholders a template may use, for validation at plan creation. */
export const TEMPLATE_VARIABLES = [
  'plan.id',
  'plan.name',
  'asset.id',
  'asset.serialNo',
  'asset.model',
  'asset.sku',
  'asset.name',
  'site.name',
  'site.address',
  'site.label',
  'customer.id',
  'customer.name',
  'scheduledAt',
  'trigger.reason',
] as const;

export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(TEMPLATE_VARIABLES);
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((p) => !known.has(p));
}

export function maintenanceTicket(f: MaintenanceFiring): CreateTicketInput {
  const { plan, asset, site, customer } = f;
  const description = renderTemplate(plan.ticket.descriptionTemplate, {
    plan: { id: plan.id, name: plan.name },
    asset,
    site: site ? { ...site, label: `，安装点 ${site.name}（${site.address}）` } : { label: '' },
    customer,
    scheduledAt: `${formatLocal(f.scheduledAt, plan.timeZone)} (${plan.timeZone})`,
    trigger: { reason: f.reason ?? '' },
  }).trim();
  return {
    customerId: customer.id,
    channel: 'api',
    ...(plan.ticket.category1 ? { category1: plan.ticket.category1 } : {}),
    ...(plan.ticket.category2 ? { category2: plan.ticket.category2 } : {}),
    ...(plan.ticket.category3 ? { category3: plan.ticket.category3 } : {}),
    priority: plan.ticket.priority,
    description: description.slice(0, 10_000),
    attachments: [],
    ...((site?.region ?? customer.region) ? { region: (site?.region ?? customer.region)! } : {}),
    ...(asset.sku ? { sku: asset.sku } : {}),
    ...(customer.tier ? { customerTier: customer.tier } : {}),
    assetId: asset.id,
    tags: [MAINTENANCE_TAG, `plan:${plan.id}`],
  };
}
