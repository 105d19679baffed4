import { query, request } from '../api/client';
import type { FlowDefinition, FlowKind } from '../../../domain/flow/flow-definition';
import type { FlowProblem } from '../../../domain/flow/flow-validation';

/** The flow store's answers as the designer reads them (api/flows). */
export interface FlowSummary {
  flowKey: string;
  kind: FlowKind;
  name: string;
  publishedVersion: number | null;
  draftVersion: number | null;
}

export interface FlowVersion {
  flowKey: string;
  version: number;
  kind: FlowKind;
  name: string;
  status: 'draft' | 'published' | 'archived';
  definition: FlowDefinition;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
  message?: string | null;
}

export interface FlowDraft extends FlowVersion {
  /** the draft's save counter: a save names the revision it started from (If-Match) */
  revision: number;
  updatedBy?: string | null;
  problems: FlowProblem[];
}

export interface UsageItem {
  version: number;
  running: number;
  closed: number;
  publishedAt: string | null;
  publishedBy: string | null;
  message: string | null;
}

export interface DiffChange<T> {
  id: string;
  before: T;
  after: T;
  fields: string[];
}
export interface DiffPart<T> {
  added: T[];
  removed: T[];
  changed: DiffChange<T>[];
}
export interface FlowDiff {
  from?: number | 'draft';
  to?: number | 'draft';
  nodes: DiffPart<{ id: string } & Record<string, unknown>>;
  edges: DiffPart<{ id: string } & Record<string, unknown>>;
}

export interface TicketFlow {
  flowKey: string;
  version: number;
  nodeId: string;
  path: string[];
  status: string;
}

const flowPath = (key: string, rest = '') => `/api/v1/flows/${encodeURIComponent(key)}${rest}`;

/** A JSON draft body: the definition, and the revision it was based on (null for a new draft). */
export const flowApi = {
  async list(signal?: AbortSignal): Promise<FlowSummary[]> {
    return (await request<{ items: FlowSummary[] }>('/api/v1/flows', { signal })).data.items;
  },
  async versions(key: string, signal?: AbortSignal): Promise<Omit<FlowVersion, 'definition'>[]> {
    return (await request<{ items: Omit<FlowVersion, 'definition'>[] }>(flowPath(key, '/versions'), { signal })).data.items;
  },
  async version(key: string, version: number, signal?: AbortSignal): Promise<FlowVersion> {
    return (await request<FlowVersion>(flowPath(key, `/versions/${version}`), { signal })).data;
  },
  async draft(key: string, signal?: AbortSignal): Promise<FlowDraft> {
    return (await request<FlowDraft>(flowPath(key, '/draft'), { signal })).data;
  },
  /** Saves the draft; `revision` null creates it. A 412 (draft_conflict) means someone else saved first. */
  async saveDraft(key: string, definition: unknown, revision: number | null): Promise<FlowDraft> {
    const headers: Record<string, string> = revision === null ? {} : { 'If-Match': `"${revision}"` };
    return (await request<FlowDraft>(flowPath(key, '/draft'), { method: 'PUT', body: definition, headers })).data;
  },
  /** Opens a draft copied from a published version. */
  async draftFrom(key: string, fromVersion: number, ifMatch: string | null): Promise<FlowDraft> {
    const headers: Record<string, string> = ifMatch ? { 'If-Match': ifMatch } : {};
    return (await request<FlowDraft>(flowPath(key, '/draft'), { method: 'POST', body: { fromVersion }, headers })).data;
  },
  async discardDraft(key: string): Promise<void> {
    await request<unknown>(flowPath(key, '/draft'), { method: 'DELETE' }).catch((err: unknown) => {
      // a 204 has no body, which request() reports as an error with the 2xx status
      if (!(err instanceof Error && 'status' in err && (err as { status: number }).status === 204)) throw err;
    });
  },
  /** Publishes the draft as it was at `revision` (If-Match), so what is published is what was checked. */
  async publish(key: string, message: string, revision: number | null): Promise<FlowVersion> {
    const headers: Record<string, string> = revision === null ? {} : { 'If-Match': `"${revision}"` };
    return (await request<FlowVersion>(flowPath(key, '/publish'), { method: 'POST', body: { message }, headers })).data;
  },
  async republish(key: string, version: number, message: string): Promise<FlowVersion> {
    return (await request<FlowVersion>(flowPath(key, `/versions/${version}/republish`), { method: 'POST', body: { message } })).data;
  },
  async validate(definition: unknown): Promise<{ ok: boolean; problems: FlowProblem[] }> {
    return (await request<{ ok: boolean; problems: FlowProblem[] }>('/api/v1/flows/validate', { method: 'POST', body: definition })).data;
  },
  async diff(key: string, from: number | 'draft', to: number | 'draft'): Promise<FlowDiff> {
    return (await request<FlowDiff>(flowPath(key, `/diff${query({ from, to })}`))).data;
  },
  async usage(key: string, signal?: AbortSignal): Promise<UsageItem[]> {
    return (await request<{ items: UsageItem[] }>(flowPath(key, '/usage'), { signal })).data.items;
  },
  async backtest(key: string, body: { limit: number; version: number | 'draft' }): Promise<unknown> {
    return (await request<unknown>(flowPath(key, '/backtest'), { method: 'POST', body })).data;
  },
  async migrate(key: string, body: { ticketIds: string[]; toVersion: number; reason: string }): Promise<unknown> {
    return (await request<unknown>(flowPath(key, '/migrations'), { method: 'POST', body })).data;
  },
  async ticketFlow(ticketId: string, signal?: AbortSignal): Promise<TicketFlow> {
    return (await request<TicketFlow>(`/api/v1/tickets/${encodeURIComponent(ticketId)}/flow`, { signal })).data;
  },
};
