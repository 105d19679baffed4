// Demo service contracts and preventive-maintenance plans for the demo archives, created over the
// public API like an admin would. Contract dates are relative to the day of the first start, so the
// expiring-contracts list and the quotas have something to show.
import { addDays, contractDay } from '../domain/contracts/entitlement';
import type { DemoArchives } from './demo-archives';

type Row = Record<string, unknown>;

/** Every third company customer with assets has a contract; a few of them end within 60 days. */
export function demoContracts(demo: DemoArchives, today: string): Row[] {
  const modelsOf = new Map<string, Set<string>>();
  for (const a of demo.assets) {
    const owner = String(a.customerId);
    if (!modelsOf.has(owner)) modelsOf.set(owner, new Set());
    modelsOf.get(owner)!.add(String(a.model));
  }
  const owners = demo.customers.filter((c) => c.type === 'company' && modelsOf.has(String(c.id)));
  return owners
    .filter((_, i) => i % 3 === 0)
    .map((c, i) => {
      const premium = c.tier !== 'standard';
      // Most run for a year from a month ago; every fifth ends soon, for the renewal list.
      const endsOn = i % 5 === 0 ? addDays(today, 10 + ((i * 7) % 50)) : addDays(today, 335);
      return {
        id: `HT-DEMO-${String(i + 1).padStart(4, '0')}`,
        customerId: c.id,
        kind: 'service_agreement',
        name: premium ? '全保维保服务合同（7×24）' : '年度维保服务合同',
        startsOn: addDays(endsOn, -365),
        endsOn,
        entitlement: premium ? 'premium' : 'contract',
        coverage: { models: [...modelsOf.get(String(c.id))!].sort() },
        quotas: [{ kind: 'visit', limit: premium ? 6 : 4, period: 'year' }],
      };
    });
}

/** A cycle's day of month must exist in every month: the 29th–31st move back to the 28th. */
const monthlySafe = (day: string) => (Number(day.slice(8)) > 28 ? `${day.slice(0, 8)}28` : day);

/** Quarterly maintenance for the first asset of a few contract customers. */
export function demoMaintenancePlans(demo: DemoArchives, contracts: Row[], today: string): Row[] {
  return contracts.slice(0, 6).flatMap((contract, i) => {
    const asset = demo.assets.find((a) => a.customerId === contract.customerId);
    if (!asset) return [];
    return [
      {
        name: `${asset.name} 季度保养`,
        target: { type: 'asset', assetId: asset.id },
        trigger: {
          type: 'cycle',
          everyMonths: 3,
          startDate: monthlySafe(addDays(today, 7 + i * 9)),
          timeOfDay: '09:30',
          timeZone: 'Asia/Shanghai',
        },
        ticket: { priority: 'P3' },
      },
    ];
  });
}

/** Loads them unless the demo contracts exist already (the first one is the marker); returns how many of each were created. */
export async function loadDemoContracts(apiUrl: string, token: string, demo: DemoArchives): Promise<{ contracts: number; plans: number }> {
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const today = contractDay(new Date());
  const contracts = demoContracts(demo, today);
  const first = await fetch(`${apiUrl}/api/v1/contracts/${contracts[0]!.id}`, { headers: auth });
  if (first.ok) return { contracts: 0, plans: 0 };
  if (first.status !== 404) throw new Error(`reading contract ${contracts[0]!.id}: ${first.status}`);
  let created = { contracts: 0, plans: 0 };
  for (const c of contracts) {
    const res = await fetch(`${apiUrl}/api/v1/contracts`, {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': `demo-contract-${c.id}` },
      body: JSON.stringify(c),
    });
    if (!res.ok) throw new Error(`contract ${c.id}: ${res.status} ${await res.text()}`);
    created = { ...created, contracts: created.contracts + 1 };
  }
  for (const plan of demoMaintenancePlans(demo, contracts, today)) {
    const res = await fetch(`${apiUrl}/api/v1/maintenance-plans`, { method: 'POST', headers: auth, body: JSON.stringify(plan) });
    if (!res.ok) throw new Error(`maintenance plan ${plan.name}: ${res.status} ${await res.text()}`);
    created = { ...created, plans: created.plans + 1 };
  }
  return created;
}
