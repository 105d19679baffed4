import { randomUUID } from 'node:crypto';
import { issueToken } from '../api/auth/api-tokens';
import { synthesiseOrder } from '../simulators/oms.handlers';
import { hash32 } from '../simulators/sim-kit';
import type { Harness, HttpResponse } from './support/harness';

/** Helpers the RMA tests and the bench share: orders the sandbox OMS accepts, tokens by role, the simulator's ledger. */
export const sim = () => process.env.FIXFLOW_SIMULATOR_URL!;

export interface LedgerItem {
  system: string;
  path: string;
  idempotencyKey: string;
  body: Record<string, unknown>;
  result: Record<string, unknown>;
}

export async function ledger(
  system: string,
): Promise<{ items: LedgerItem[]; calls: { path: string; status: number; duplicate: boolean; idempotencyKey: string | null }[] }> {
  return (await (await fetch(`${sim()}/sim/ledger?system=${system}`)).json()) as never;
}

/** The writes an RMA made in one system (its idempotency keys start with its workflow id). */
export async function writesOf(system: string, rmaId: string): Promise<string[]> {
  const l = await ledger(system);
  return l.items.filter((i) => i.idempotencyKey.startsWith(`rma-${rmaId}:`)).map((i) => i.path.replace(/\/(PK|RF)[0-9]+/, '/:id'));
}

export async function simConfig(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sim()}/sim/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sim config: ${res.status} ${await res.text()}`);
}

export async function simFail(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sim()}/sim/fail`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sim fail: ${res.status} ${await res.text()}`);
}

/** An order delivered two days ago (inside every after-sales window) that paid at least `minFen`. */
export function orderFor(minFen: number): { orderId: string; sku: string; serialNo: string; amountFen: number } {
  for (;;) {
    const orderId = `ORD-age2-${randomUUID().slice(0, 8)}`;
    const o = synthesiseOrder(orderId);
    if (o.amountFen >= minFen) return { orderId, sku: o.items[0]!.sku, serialNo: o.items[0]!.serial ?? 'SN-0', amountFen: o.amountFen };
  }
}

/** Whether the sandbox WMS will judge this RMA the customer's fault (its verdict is a hash of the id). */
export const judgedCustomersFault = (rmaId: string) => hash32(`inspect:${rmaId}`) % 9 === 7;

export async function tokenWithRoles(h: Harness, name: string, roles: string[]): Promise<string> {
  return (await issueToken(h.dataSource, { name: `${name}-${randomUUID().slice(0, 6)}`, roles: roles as never, actor: 'test' })).token;
}

export const as = (token: string) => ({ authorization: `Bearer ${token}` });

export function rmaBody(
  resolution: 'replace' | 'repair' | 'refund' | 'price_change',
  claimAmountFen: number,
  over: Record<string, unknown> = {},
) {
  const order = orderFor(claimAmountFen);
  return {
    orderId: order.orderId,
    customerId: `CU-${randomUUID().slice(0, 6)}`,
    sku: order.sku,
    serialNo: order.serialNo,
    symptoms: '开机后不制冷，压缩机不启动',
    evidence: ['https://example.invalid/evidence/1.jpg'],
    requestedResolution: resolution,
    claimAmountFen,
    pickup: {
      address: { province: '上海市', city: '上海市', district: '浦东新区', detail: '张江路 100 弄 8 号 502 室' },
      contact: { name: '王女士', phone: '13912345678' },
    },
    ...over,
  };
}

/**
 * Opens an RMA the sandbox warehouse will not judge the customer's fault (one in nine would be,
 * by the hash of its number): such an RMA is cancelled and another opened.
 */
export async function openRma(h: Harness, body: Record<string, unknown>): Promise<HttpResponse> {
  for (;;) {
    const res = await h.request('POST', '/api/v1/rmas', body, { 'Idempotency-Key': `rma-${randomUUID()}` });
    if (res.status !== 201 || !judgedCustomersFault(res.body.rmaId)) return res;
    await h.request('POST', `/api/v1/rmas/${res.body.rmaId}/actions/cancel`, { reason: 'test: not this number' });
  }
}
