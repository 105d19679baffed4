import { isRoundTheClock } from '../sla/sla-policy';
import {
  CONTRACT_TIME_ZONE,
  type ContractKind,
  type ContractQuota,
  type ContractTerms,
  type QuotaKind,
  type QuotaPeriod,
  type QuotaUsage,
  type UsageSourceType,
} from './contract';

/**
 * Which contract (or warranty) covers a piece of work, decided from the customer's contracts, the
 * quota already used and the asset's warranty. Pure: the API and intake load the rows and call it.
 */

/** The China-time calendar day of an instant (contracts and warranties are signed in days). */
export function contractDay(at: Date, timeZone = CONTRACT_TIME_ZONE): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

const DAY_MS = 86_400_000;
const toMs = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return fromMs(toMs(day) + days * DAY_MS);
}

/** The same month and day `years` later; 29 February falls on the 28th in common years. */
function anniversary(day: string, years: number): string {
  const y = Number(day.slice(0, 4)) + years;
  const m = Number(day.slice(5, 7));
  const lastOfMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const d = Math.min(Number(day.slice(8, 10)), lastOfMonth);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toMs(to) - toMs(from)) / DAY_MS);
}

export interface QuotaPeriodBounds {
  /** first day of the period */
  start: string;
  /** last day of the period (never past the contract's end) */
  end: string;
}

/**
 * The quota period `on` falls in: the whole term, or the contract year (start date to the day before
 * its anniversary). Days before the start count in the first period, days after the end in the last.
 */
export function quotaPeriod(contract: Pick<ContractTerms, 'startsOn' | 'endsOn'>, period: QuotaPeriod, on: string): QuotaPeriodBounds {
  if (period === 'contract') return { start: contract.startsOn, end: contract.endsOn };
  const day = on < contract.startsOn ? contract.startsOn : on > contract.endsOn ? contract.endsOn : on;
  let years = Number(day.slice(0, 4)) - Number(contract.startsOn.slice(0, 4));
  while (years > 0 && anniversary(contract.startsOn, years) > day) years--;
  const start = anniversary(contract.startsOn, years);
  const nextStart = anniversary(contract.startsOn, years + 1);
  const end = addDays(nextStart, -1);
  return { start, end: end < contract.endsOn ? end : contract.endsOn };
}

/** How much of one quota is used in the period `on` falls in. */
export interface QuotaCheck {
  contractId: string;
  kind: QuotaKind;
  limit: number;
  period: QuotaPeriod;
  periodStart: string;
  periodEnd: string;
  used: number;
  left: number;
}

/** Identifies the work asking for quota, so its own earlier usage (a retry) is not counted against it. */
export interface UsageSource {
  type: UsageSourceType;
  id: string;
}

const sameSource = (u: QuotaUsage, s: UsageSource | undefined) => !!s && u.sourceType === s.type && u.sourceId === s.id;

export function quotaCheck(
  contract: Pick<ContractTerms, 'id' | 'startsOn' | 'endsOn'>,
  quota: ContractQuota,
  usages: readonly QuotaUsage[],
  on: string,
  source?: UsageSource,
): QuotaCheck {
  const { start, end } = quotaPeriod(contract, quota.period, on);
  const used = usages.filter(
    (u) => u.contractId === contract.id && u.kind === quota.kind && u.usedOn >= start && u.usedOn <= end && !sameSource(u, source),
  ).length;
  return {
    contractId: contract.id,
    kind: quota.kind,
    limit: quota.limit,
    period: quota.period,
    periodStart: start,
    periodEnd: end,
    used,
    left: Math.max(0, quota.limit - used),
  };
}

/** Why a contract cannot be used for a piece of work. */
export type ContractExclusion =
  | 'contract_suspended'
  | 'contract_terminated'
  | 'contract_not_started'
  | 'contract_expired'
  | 'other_customer'
  | 'asset_not_covered'
  | 'model_not_covered'
  | 'sku_not_covered'
  | 'region_not_covered';

/** Whether the contract is in force on `on`: active, and the day within its term. */
export function contractInForce(c: Pick<ContractTerms, 'status' | 'startsOn' | 'endsOn'>, on: string): ContractExclusion | null {
  if (c.status === 'suspended') return 'contract_suspended';
  if (c.status === 'terminated') return 'contract_terminated';
  if (on < c.startsOn) return 'contract_not_started';
  if (on > c.endsOn) return 'contract_expired';
  return null;
}

export interface CoveredAsset {
  id: string;
  model: string;
  sku: string | null;
  /** YYYY-MM-DD; null when not recorded */
  warrantyEndsOn: string | null;
}

/** What is asking for coverage. */
export interface CoverageQuery {
  customerId: string;
  /** the China-time day of the request (see contractDay) */
  on: string;
  asset: CoveredAsset | null;
  /** the ticket's SKU, used when there is no asset (or the asset has none) */
  sku?: string | null;
  /** the ticket's region, or where the asset is installed */
  region?: string | null;
  /** the quota this work would consume, if the chosen contract has one of that kind */
  need?: QuotaKind | null;
  /** the work itself, so quota it already consumed (a retried intake) is not held against it */
  source?: UsageSource;
  /** an entitlement the caller stated; wins over contracts and warranty */
  explicitEntitlement?: string | null;
}

/** Whether the contract's scope covers this work; an empty list in the scope means "all". */
export function contractApplies(c: ContractTerms, q: CoverageQuery): ContractExclusion | null {
  if (c.customerId !== q.customerId) return 'other_customer';
  const inForce = contractInForce(c, q.on);
  if (inForce) return inForce;
  const { assetIds, models, skus, regions } = c.coverage;
  // A contract limited to named assets or models cannot be checked without the asset: not covered.
  if (assetIds.length && !(q.asset && assetIds.includes(q.asset.id))) return 'asset_not_covered';
  if (models.length && !(q.asset && models.includes(q.asset.model))) return 'model_not_covered';
  const sku = q.asset?.sku ?? q.sku ?? null;
  if (skus.length && !(sku && skus.includes(sku))) return 'sku_not_covered';
  const region = q.region ?? null;
  if (regions.length && !(region && regions.includes(region))) return 'region_not_covered';
  return null;
}

export type CoverageReason =
  /** served under `contractId` */
  | 'contract'
  /** no contract applies (or its quota is used up) but the asset's warranty runs */
  | 'in_warranty'
  /** no contract applies and the asset's warranty has ended */
  | 'out_of_warranty'
  /** no contract applies and no warranty is known */
  | 'no_coverage'
  /** a contract applies, but its quota for this kind of work is used up in this period */
  | 'quota_exhausted'
  /** the caller stated the entitlement; nothing was derived */
  | 'explicit_entitlement';

/** The outcome, recorded on the ticket as `coverage`. */
export interface Coverage {
  /** the contract the work is served under; null when none is */
  contractId: string | null;
  contractKind: ContractKind | null;
  /** what goes into the ticket's `entitlement` */
  entitlement: string | null;
  /** whether the work is covered (free of charge to the customer); null when the caller decided the entitlement */
  covered: boolean | null;
  reason: CoverageReason;
  /** the contract's own SLA terms, applied by choosePolicy only where they tighten */
  slaPolicyId: string | null;
  responseMinutes: number | null;
  warrantyEndsOn: string | null;
  /** the quota checked for this work: on the serving contract, or the exhausted one */
  quota: QuotaCheck | null;
  /** the day the decision was made for */
  on: string;
}

const KIND_RANK: Record<ContractKind, number> = { service_agreement: 3, extended_warranty: 2, warranty: 1 };

function specificity(c: ContractTerms): number {
  const s = c.coverage;
  return (s.assetIds.length ? 4 : 0) + (s.models.length || s.skus.length ? 2 : 0) + (s.regions.length ? 1 : 0);
}

interface Candidate {
  contract: ContractTerms;
  quota: QuotaCheck | null;
  hasRoom: boolean;
}

/**
 * The order in which applicable contracts are preferred — the customer gets the best they paid for:
 *  1. one with quota left for this work (or no quota of that kind) before one used up;
 *  2. a round-the-clock entitlement (premium, vip, 24x7) before others;
 *  3. the most specific scope (named assets, then models/SKUs, then regions) before blanket ones;
 *  4. a service agreement, then an extended warranty, then a warranty;
 *  5. the one running longest; then the contract number, so the choice never depends on load order.
 */
function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    Number(b.hasRoom) - Number(a.hasRoom) ||
    Number(isRoundTheClock(b.contract.entitlement)) - Number(isRoundTheClock(a.contract.entitlement)) ||
    specificity(b.contract) - specificity(a.contract) ||
    KIND_RANK[b.contract.kind] - KIND_RANK[a.contract.kind] ||
    b.contract.endsOn.localeCompare(a.contract.endsOn) ||
    a.contract.id.localeCompare(b.contract.id)
  );
}

/** The warranty reading of the asset: in warranty through its end date (inclusive), out after it. */
function warrantyCoverage(q: CoverageQuery): Pick<Coverage, 'entitlement' | 'covered' | 'reason'> {
  const ends = q.asset?.warrantyEndsOn ?? null;
  if (!ends) return { entitlement: null, covered: false, reason: 'no_coverage' };
  return q.on <= ends
    ? { entitlement: 'in_warranty', covered: true, reason: 'in_warranty' }
    : { entitlement: 'out_of_warranty', covered: false, reason: 'out_of_warranty' };
}

/** The applicable contracts, best first, each with the quota this work would consume. */
export function rankContracts(q: CoverageQuery, contracts: readonly ContractTerms[], usages: readonly QuotaUsage[]): Candidate[] {
  return contracts
    .filter((c) => contractApplies(c, q) === null)
    .map((contract) => {
      const quota = q.need ? contract.quotas.find((x) => x.kind === q.need) : undefined;
      const check = quota ? quotaCheck(contract, quota, usages, q.on, q.source) : null;
      return { contract, quota: check, hasRoom: !check || check.left > 0 };
    })
    .sort(compareCandidates);
}

/**
 * Decides the coverage of one piece of work. An entitlement the caller states wins outright; else
 * the best applicable contract with quota left serves it; else the asset's warranty decides
 * (in_warranty / out_of_warranty); else there is none. When contracts apply but all have used up
 * this kind of quota, the work is not covered (quota_exhausted) unless the warranty still runs.
 */
export function decideCoverage(q: CoverageQuery, contracts: readonly ContractTerms[], usages: readonly QuotaUsage[]): Coverage {
  const warrantyEndsOn = q.asset?.warrantyEndsOn ?? null;
  const none = { contractId: null, contractKind: null, slaPolicyId: null, responseMinutes: null, warrantyEndsOn, quota: null, on: q.on };
  if (q.explicitEntitlement) return { ...none, entitlement: q.explicitEntitlement, covered: null, reason: 'explicit_entitlement' };

  const [best] = rankContracts(q, contracts, usages);
  if (best?.hasRoom) {
    const c = best.contract;
    return {
      contractId: c.id,
      contractKind: c.kind,
      entitlement: c.entitlement,
      covered: true,
      reason: 'contract',
      slaPolicyId: c.slaPolicyId,
      responseMinutes: c.responseMinutes,
      warrantyEndsOn,
      quota: best.quota,
      on: q.on,
    };
  }
  const warranty = warrantyCoverage(q);
  if (best && !warranty.covered) return { ...none, ...warranty, covered: false, reason: 'quota_exhausted', quota: best.quota };
  return { ...none, ...warranty, quota: best?.quota ?? null };
}

/** What happened when work asked a contract for one unit of quota. */
export type QuotaOutcomeReason =
  'consumed' | 'already_consumed' | 'no_quota' | 'quota_exhausted' | 'contract_not_found' | ContractExclusion;

export interface QuotaOutcome {
  /** a usage row was written by this call */
  consumed: boolean;
  /** the work is covered by the contract as far as this quota goes */
  covered: boolean;
  reason: QuotaOutcomeReason;
  quota: QuotaCheck | null;
}

/**
 * Whether `source` may take one unit of the contract's `kind` quota on `on`. Asking again for the
 * same source is answered "already consumed" (covered), so retries never count twice.
 */
export function quotaDecision(
  contract: ContractTerms,
  kind: QuotaKind,
  usages: readonly QuotaUsage[],
  on: string,
  source: UsageSource,
): Omit<QuotaOutcome, 'consumed'> & { take: boolean } {
  const quota = contract.quotas.find((x) => x.kind === kind);
  const check = quota ? quotaCheck(contract, quota, usages, on, source) : null;
  const mine = usages.some((u) => u.contractId === contract.id && u.kind === kind && sameSource(u, source));
  if (mine)
    return { take: false, covered: true, reason: 'already_consumed', quota: quota ? quotaCheck(contract, quota, usages, on) : null };
  const inForce = contractInForce(contract, on);
  if (inForce) return { take: false, covered: false, reason: inForce, quota: check };
  if (!check) return { take: false, covered: true, reason: 'no_quota', quota: null };
  if (check.left <= 0) return { take: false, covered: false, reason: 'quota_exhausted', quota: check };
  return { take: true, covered: true, reason: 'consumed', quota: { ...check, used: check.used + 1, left: check.left - 1 } };
}

/** What the visit quota said when the ticket first waited for a visit. */
export interface VisitCoverage {
  covered: boolean;
  reason: QuotaOutcomeReason;
  quota: QuotaCheck | null;
  /** when it was checked (workflow time) */
  at: string;
}

/** A ticket's coverage: decided at intake, with the visit check added when the ticket first waits for a visit. */
export interface TicketCoverage extends Coverage {
  visit?: VisitCoverage;
}

/** Every period of a quota from the contract's start through `until` (or its end, whichever is first). */
export function quotaPeriods(
  contract: Pick<ContractTerms, 'startsOn' | 'endsOn'>,
  period: QuotaPeriod,
  until: string,
): QuotaPeriodBounds[] {
  const last = until < contract.endsOn ? until : contract.endsOn;
  const periods: QuotaPeriodBounds[] = [];
  for (let p = quotaPeriod(contract, period, contract.startsOn); ; p = quotaPeriod(contract, period, addDays(p.end, 1))) {
    periods.push(p);
    if (p.end >= last || p.end >= contract.endsOn) return periods;
  }
}
