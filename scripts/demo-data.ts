// Demo tickets for a first look at the product; created over the public API like any integrator would.
import { demoAssetTickets, generateDemoArchives, loadDemoArchives } from './demo-archives';
import { loadDemoContracts } from './demo-contracts';
import { loadDemoParts } from './demo-parts';
import { DEMO_PASSWORD, loadDemoUsers } from './demo-users';

const demoTickets = [
  {
    orderId: 'o_99887766',
    customerId: 'c_13579',
    channel: 'chat',
    category1: '质量问题',
    category2: '功能异常',
    category3: '开机失败',
    priority: 'P2',
    description: '开机后黑屏伴随蜂鸣，已重启无效',
    attachments: ['https://cdn.example.com/img/xxx.jpg'],
    region: '华东',
    sku: 'ABC-123',
    entitlement: 'in_warranty',
  },
  {
    orderId: 'o_20261101',
    customerId: 'c_24680',
    channel: 'phone',
    category1: '安装服务',
    category2: '上门安装',
    priority: 'P3',
    description: '新购空调需要上门安装，客户希望周六上午',
    region: '华南',
    sku: 'AC-9000',
    entitlement: 'in_warranty',
  },
  {
    customerId: 'c_11223',
    channel: 'iot',
    category1: '设备告警',
    category2: '温度异常',
    priority: 'P1',
    description: 'IoT 告警：压缩机温度持续超过 95°C',
    region: '华北',
    sku: 'CH-500',
    entitlement: 'contract',
  },
];

export async function loadDemoData(apiUrl: string, token: string): Promise<number> {
  // Archives first (their own check makes a second start add nothing), so tickets can name demo assets.
  let archivesLoaded = false;
  try {
    const added = await loadDemoArchives(apiUrl, token);
    archivesLoaded = true;
    if (Object.values(added).some((n) => n > 0)) process.stdout.write(`demo archives: ${JSON.stringify(added)}\n`);
  } catch (err) {
    process.stderr.write(`demo archives not loaded: ${(err as Error).message}\n`);
  }
  if (archivesLoaded) {
    try {
      const added = await loadDemoContracts(apiUrl, token, generateDemoArchives());
      if (added.contracts || added.plans) process.stdout.write(`demo contracts: ${added.contracts}, maintenance plans: ${added.plans}\n`);
    } catch (err) {
      process.stderr.write(`demo contracts not loaded: ${(err as Error).message}\n`);
    }
  }
  try {
    const added = await loadDemoParts(apiUrl, token);
    if (Object.values(added).some((n) => n > 0)) process.stdout.write(`demo spare parts: ${JSON.stringify(added)}\n`);
  } catch (err) {
    process.stderr.write(`demo spare parts not loaded: ${(err as Error).message}\n`);
  }
  // After the spare parts: the demo engineer's user is the agent record they create.
  try {
    const added = await loadDemoUsers(apiUrl, token);
    if (added) process.stdout.write(`demo users: ${added} (password ${DEMO_PASSWORD})\n`);
  } catch (err) {
    process.stderr.write(`demo users not loaded: ${(err as Error).message}\n`);
  }
  const existing = await fetch(`${apiUrl}/api/v1/tickets?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  const page = (await existing.json()) as { items: unknown[] };
  if (page.items.length > 0) return 0;
  let created = 0;
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const withAssets = archivesLoaded ? demoAssetTickets(generateDemoArchives()) : [];
  for (const [i, { ticket, provider }] of withAssets.entries()) {
    const res = await fetch(`${apiUrl}/api/v1/tickets`, {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': `demo-asset-ticket-${i + 1}` },
      body: JSON.stringify(ticket),
    });
    if (!res.ok) continue;
    created++;
    const { ticketId } = (await res.json()) as { ticketId: string };
    if (provider) {
      await fetch(`${apiUrl}/api/v1/tickets/${ticketId}/actions/assign`, {
        method: 'POST',
        headers: { ...auth, 'idempotency-key': `demo-asset-ticket-${i + 1}-assign` },
        body: JSON.stringify({ ...provider, groupId: 'service_providers' }),
      });
    }
  }
  for (const [i, ticket] of demoTickets.entries()) {
    const res = await fetch(`${apiUrl}/api/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `demo-ticket-${i + 1}` },
      body: JSON.stringify(ticket),
    });
    if (res.ok) created++;
  }
  return created;
}
