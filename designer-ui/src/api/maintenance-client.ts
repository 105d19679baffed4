import { query, request } from './client';

/**
 * Preventive maintenance plans (api/maintenance): a fixed cycle is a Temporal Schedule, whose next
 * run times only GET /maintenance-plans/:id reports (the list answers from the database alone).
 */

export type PlanTarget =
  { type: 'asset'; assetId: string } | { type: 'site'; siteId: string } | { type: 'model'; customerId: string; model: string };

export interface CycleTrigger {
  type: 'cycle';
  everyMonths: number;
  /** YYYY-MM-DD; its day of the month is every firing's */
  startDate: string;
  /** HH:MM[:SS] in timeZone */
  timeOfDay: string;
  timeZone: string;
  endDate?: string;
}

export interface ConditionTrigger {
  type: 'condition';
  rule: unknown;
  minIntervalHours: number;
}

export type PlanTrigger = CycleTrigger | ConditionTrigger;

/** What GET shows of the schedule; `error` when Temporal could not be asked. */
export interface PlanSchedule {
  scheduleId: string;
  exists?: boolean;
  paused?: boolean;
  note?: string | null;
  timeZone?: string;
  nextRunTimes?: string[];
  error?: string;
}

export interface MaintenancePlan {
  id: string;
  name: string;
  target: PlanTarget;
  customerId: string;
  trigger: PlanTrigger;
  ticket: { priority: string; category1?: string; category2?: string; category3?: string; descriptionTemplate: string };
  status: 'active' | 'paused';
  statusNote: string | null;
  skippedTimes: string[];
  scheduleId: string | null;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** only on GET one / pause / resume / skip / create; null for a condition plan */
  schedule?: PlanSchedule | null;
}

export interface CreatePlanBody {
  name: string;
  target: PlanTarget;
  trigger: Omit<CycleTrigger, 'endDate'> & { endDate?: string };
  ticket?: { priority: string; descriptionTemplate?: string };
  paused?: boolean;
  note?: string;
}

export interface PlanFilters {
  status?: string;
  triggerType?: string;
  customerId?: string;
  assetId?: string;
}

const enc = encodeURIComponent;
const planPath = (id: string) => `/api/v1/maintenance-plans/${enc(id)}`;

export const maintenanceApi = {
  async list(f: PlanFilters, opts: { cursor?: string | null; signal?: AbortSignal } = {}) {
    const qs = query({
      status: f.status,
      triggerType: f.triggerType,
      customerId: f.customerId,
      assetId: f.assetId,
      limit: 20,
      cursor: opts.cursor,
    });
    return (
      await request<{ items: MaintenancePlan[]; nextCursor: string | null }>(`/api/v1/maintenance-plans${qs}`, { signal: opts.signal })
    ).data;
  },

  async get(id: string, signal?: AbortSignal): Promise<MaintenancePlan> {
    return (await request<MaintenancePlan>(planPath(id), { signal })).data;
  },

  async create(body: CreatePlanBody): Promise<MaintenancePlan> {
    return (await request<MaintenancePlan>('/api/v1/maintenance-plans', { method: 'POST', body })).data;
  },

  async setPaused(id: string, paused: boolean): Promise<MaintenancePlan> {
    return (await request<MaintenancePlan>(`${planPath(id)}/${paused ? 'pause' : 'resume'}`, { method: 'POST', body: {} })).data;
  },

  /** Skips the next firing; answers which one and the plan as it is now. */
  async skipNext(id: string): Promise<{ skipped: string; plan: MaintenancePlan }> {
    return (await request<{ skipped: string; plan: MaintenancePlan }>(`${planPath(id)}/skip`, { method: 'POST', body: {} })).data;
  },

  /** Runs the plan now, outside its cycle (202). */
  async trigger(id: string): Promise<{ planId: string; triggeredAt: string }> {
    return (await request<{ planId: string; triggeredAt: string }>(`${planPath(id)}/trigger`, { method: 'POST', body: {} })).data;
  },
};
