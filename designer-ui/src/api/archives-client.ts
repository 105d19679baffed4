import type {
  Asset,
  AssetFilters,
  Contract,
  Customer,
  Customer360,
  CustomerBody,
  CustomerFilters,
  Page,
  Project,
  Site,
  SiteFilters,
} from './archive-types';
import { query, request, requestBlob, type ApiResponse } from './client';
import type { TicketPage } from './types';

const enc = encodeURIComponent;
type Paging = { cursor?: string | null; limit?: number; signal?: AbortSignal };

/** The archive, contract and 360 calls of the console (see api/archives and api/contracts). */
export const archivesApi = {
  async listCustomers(f: CustomerFilters, opts: Paging = {}): Promise<Page<Customer>> {
    const qs = query({ q: f.q, tier: f.tier, region: f.region, limit: opts.limit ?? 50, cursor: opts.cursor });
    return (await request<Page<Customer>>(`/api/v1/customers${qs}`, { signal: opts.signal })).data;
  },

  async getCustomer(id: string, signal?: AbortSignal): Promise<Customer> {
    return (await request<Customer>(`/api/v1/customers/${enc(id)}`, { signal })).data;
  },

  /** 201 for a new customer, 200 when the Idempotency-Key was seen before. */
  async createCustomer(body: CustomerBody, idempotencyKey: string): Promise<ApiResponse<Customer>> {
    return request<Customer>('/api/v1/customers', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
  },

  /** The changed fields, guarded by the version the form was loaded with (412 when someone changed it since). */
  async updateCustomer(id: string, body: Partial<CustomerBody>, version: number | undefined): Promise<Customer> {
    const headers: Record<string, string> = version === undefined ? {} : { 'If-Match': `"${version}"` };
    return (await request<Customer>(`/api/v1/customers/${enc(id)}`, { method: 'PATCH', body, headers })).data;
  },

  async customer360(id: string, signal?: AbortSignal): Promise<Customer360> {
    return (await request<Customer360>(`/api/v1/customers/${enc(id)}/360`, { signal })).data;
  },

  async listAssets(f: AssetFilters, opts: Paging = {}): Promise<Page<Asset>> {
    const qs = query({
      q: f.q,
      status: f.status,
      customerId: f.customerId,
      siteId: f.siteId,
      limit: opts.limit ?? 50,
      cursor: opts.cursor,
    });
    return (await request<Page<Asset>>(`/api/v1/assets${qs}`, { signal: opts.signal })).data;
  },

  async getAsset(id: string, signal?: AbortSignal): Promise<Asset> {
    return (await request<Asset>(`/api/v1/assets/${enc(id)}`, { signal })).data;
  },

  async assetQr(id: string, signal?: AbortSignal): Promise<Blob> {
    return requestBlob(`/api/v1/assets/${enc(id)}/qr.svg`, { signal });
  },

  async assetTickets(assetId: string, signal?: AbortSignal): Promise<TicketPage> {
    return (await request<TicketPage>(`/api/v1/tickets${query({ assetId, limit: 50 })}`, { signal })).data;
  },

  async listSites(f: SiteFilters, opts: Paging = {}): Promise<Page<Site>> {
    const qs = query({
      region: f.region,
      projectId: f.projectId,
      status: f.status,
      installedFrom: f.installedFrom,
      installedTo: f.installedTo,
      customerId: f.customerId,
      openTickets: f.openTickets,
      limit: opts.limit ?? 200,
      cursor: opts.cursor,
    });
    return (await request<Page<Site>>(`/api/v1/sites${qs}`, { signal: opts.signal })).data;
  },

  async getSite(id: string, signal?: AbortSignal): Promise<Site> {
    return (await request<Site>(`/api/v1/sites/${enc(id)}`, { signal })).data;
  },

  async listProjects(opts: Paging & { customerId?: string } = {}): Promise<Page<Project>> {
    const qs = query({ customerId: opts.customerId, limit: opts.limit ?? 200, cursor: opts.cursor });
    return (await request<Page<Project>>(`/api/v1/projects${qs}`, { signal: opts.signal })).data;
  },

  async expiringContracts(withinDays: number, signal?: AbortSignal): Promise<Contract[]> {
    return (await request<{ items: Contract[] }>(`/api/v1/contracts/expiring${query({ withinDays, limit: 500 })}`, { signal })).data.items;
  },
};
