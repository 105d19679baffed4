import { query, request } from './client';

/** The rule store as the rules page reads it (api/rules). */
export const RULE_KINDS = ['routing', 'automation', 'approval', 'sla', 'validation', 'masking'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const RULE_EVENTS = ['ticket.created', 'ticket.updated', 'status.changed', 'sla.warning', 'sla.breached', 'timer'] as const;

export interface RuleSetRef {
  key: string;
  version: number;
  status: 'draft' | 'published' | 'archived';
}

export interface Rule {
  key: string;
  name: string;
  description?: string;
  kind: RuleKind;
  on?: string[];
  condition: unknown;
  actions: Record<string, unknown>[];
  priority: number;
  enabled: boolean;
  stopProcessing?: boolean;
  version?: number;
  ruleSet?: RuleSetRef;
}

export interface RuleSetSummary extends RuleSetRef {
  ruleCount: number;
  notes: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  updatedAt: string;
}

export interface TraceNode {
  path: string;
  expr: string;
  value: unknown;
  reads?: Record<string, unknown>;
  children?: TraceNode[];
}

export interface RuleTestResult {
  ruleKey: string;
  ruleSet: RuleSetRef;
  matched: boolean;
  why: string;
  actions: Record<string, unknown>[];
  triggered: boolean;
  wouldAct: boolean;
  trace: TraceNode;
}

export interface BacktestResult {
  publishedVersion: number | null;
  draftVersion: number;
  totals: { tickets: number; changed: number; unchanged: number; byField: Record<string, number> };
  items: { ticketId: string; changes: { field: string; before: unknown; after: unknown }[] }[];
}

export interface RuleSetDiff {
  added: string[];
  removed: string[];
  changed: { key: string; fields: string[] }[];
}

const SET = 'ticket';

export const rulesApi = {
  async list(signal?: AbortSignal): Promise<{ ruleSet: RuleSetSummary | null; items: Rule[] }> {
    return (await request<{ ruleSet: RuleSetSummary | null; items: Rule[] }>(`/api/v1/rules${query({ limit: 200 })}`, { signal })).data;
  },
  async create(rule: Omit<Rule, 'ruleSet' | 'version'>): Promise<Rule> {
    return (await request<Rule>('/api/v1/rules', { method: 'POST', body: rule })).data;
  },
  async update(key: string, patch: Record<string, unknown>): Promise<Rule> {
    return (await request<Rule>(`/api/v1/rules/${encodeURIComponent(key)}`, { method: 'PATCH', body: patch })).data;
  },
  async remove(key: string): Promise<void> {
    await request<unknown>(`/api/v1/rules/${encodeURIComponent(key)}`, { method: 'DELETE' }).catch((err: unknown) => {
      // 204 has no body, which request() reports as an unreadable answer
      if (!(err instanceof Error && 'status' in err && (err as { status: number }).status === 204)) throw err;
    });
  },
  async test(key: string, body: { ticket: Record<string, unknown>; event?: string; now?: string }): Promise<RuleTestResult> {
    return (await request<RuleTestResult>(`/api/v1/rules/${encodeURIComponent(key)}/test`, { method: 'POST', body })).data;
  },
  async backtest(limit: number): Promise<BacktestResult> {
    return (await request<BacktestResult>(`/api/v1/rule-sets/${SET}/backtest`, { method: 'POST', body: { limit } })).data;
  },
  async publish(notes?: string): Promise<RuleSetSummary & { changes: RuleSetDiff }> {
    return (
      await request<RuleSetSummary & { changes: RuleSetDiff }>(`/api/v1/rule-sets/${SET}/publish`, {
        method: 'POST',
        body: notes ? { notes } : {},
      })
    ).data;
  },
  async versions(signal?: AbortSignal): Promise<RuleSetSummary[]> {
    return (await request<{ items: RuleSetSummary[] }>(`/api/v1/rule-sets/${SET}/versions${query({ limit: 50 })}`, { signal })).data.items;
  },
  async diff(from: number, to: number | 'draft'): Promise<RuleSetDiff> {
    return (await request<RuleSetDiff>(`/api/v1/rule-sets/${SET}/versions${query({ diff: `${from}..${to}` })}`)).data;
  },
};
