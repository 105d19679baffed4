import { request, requestBlob } from './client';

/** A text the server gives in both languages (the report catalogue's labels). */
export interface Label {
  zh: string;
  en: string;
}

export type Fact = 'ticket' | 'visit' | 'rma';

export interface ReportDefinition {
  dimensions: string[];
  measures: string[];
  filters: Record<string, string | string[]>;
  sort: { field: string; direction: 'asc' | 'desc' }[];
  limit?: number;
}

/** What /run and /export take: a standard report with its filters, or a built definition. */
export type RunBody = { report: string; filters?: Record<string, string | string[]> } | ReportDefinition;

export interface Catalogue {
  reports: { key: string; label: Label; description: Label; definition: Omit<ReportDefinition, 'filters'> }[];
  dimensions: { key: string; label: Label; facts: Fact[]; nameLabel?: Label }[];
  measures: { key: string; label: Label; fact: Fact; note: Label; unit?: Label }[];
  filters: { key: string; type: 'date' | 'text' | 'values'; label: Label; multiple: boolean; facts: Fact[] }[];
}

export interface ReportResult {
  report: string | null;
  title: Label;
  definition: ReportDefinition;
  columns: { key: string; label: Label; kind: 'dimension' | 'measure'; type: 'text' | 'number'; unit?: Label }[];
  rows: Record<string, string | number | null>[];
  totals: Record<string, number | null>;
  rowCount: number;
  truncated: boolean;
}

export interface SavedReport {
  id: string;
  name: string;
  definition: RunBody;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The report centre (api/reports): catalogue, run, .xlsx export, one's own saved definitions. */
export const reportsApi = {
  async catalogue(signal?: AbortSignal): Promise<Catalogue> {
    return (await request<Catalogue>('/api/v1/reports', { signal })).data;
  },
  async run(body: RunBody, signal?: AbortSignal): Promise<ReportResult> {
    return (await request<ReportResult>('/api/v1/reports/run', { method: 'POST', body, signal })).data;
  },
  async exportXlsx(body: RunBody): Promise<Blob> {
    return requestBlob('/api/v1/reports/export', { method: 'POST', body });
  },
  async saved(signal?: AbortSignal): Promise<SavedReport[]> {
    return (await request<{ items: SavedReport[] }>('/api/v1/reports/saved', { signal })).data.items;
  },
  async save(name: string, definition: RunBody): Promise<SavedReport> {
    return (await request<SavedReport>('/api/v1/reports/saved', { method: 'POST', body: { name, definition } })).data;
  },
  async update(id: string, definition: RunBody, version: number): Promise<SavedReport> {
    return (
      await request<SavedReport>(`/api/v1/reports/saved/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body: { definition },
        headers: { 'If-Match': `"${version}"` },
      })
    ).data;
  },
  async remove(id: string): Promise<void> {
    await requestBlob(`/api/v1/reports/saved/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },
};
