import type { CreateTicketInput, Priority } from '../ticket/ticket.schema';
import type { AlarmSeverity } from './alarm-rules';

/** The ticket a device alarm opens, from the alarm, its asset and the rule that decided. Pure. */
export const IOT_ALARM_TAG = 'iot-alarm';

export interface AlarmTicketInput {
  faultCode: string;
  severity: AlarmSeverity | null;
  message?: string;
  readings: Record<string, unknown>;
  occurredAt: string;
  asset: { id: string; serialNo: string; model: string; sku: string | null };
  site: { name: string; address: string; region: string | null } | null;
  customer: { id: string; region: string | null; tier: string | null };
  rule: { priority: Priority; category1: string | null; category2: string | null; category3: string | null };
}

export function alarmTicket(a: AlarmTicketInput): CreateTicketInput {
  const readings = Object.entries(a.readings)
    .slice(0, 20)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  const description = [
    `设备告警 ${a.faultCode}${a.severity ? `（${a.severity}）` : ''}：${a.asset.model} 序列号 ${a.asset.serialNo}`,
    a.site ? `，安装点 ${a.site.name}（${a.site.address}）` : '',
    `，发生于 ${a.occurredAt}。`,
    a.message ? `${a.message}。` : '',
    readings ? `读数：${readings}。` : '',
  ].join('');
  const region = a.site?.region ?? a.customer.region;
  return {
    customerId: a.customer.id,
    channel: 'iot',
    ...(a.rule.category1 ? { category1: a.rule.category1 } : {}),
    ...(a.rule.category2 ? { category2: a.rule.category2 } : {}),
    ...(a.rule.category3 ? { category3: a.rule.category3 } : {}),
    priority: a.rule.priority,
    description: description.slice(0, 10_000),
    attachments: [],
    ...(region ? { region } : {}),
    ...(a.asset.sku ? { sku: a.asset.sku } : {}),
    ...(a.customer.tier ? { customerTier: a.customer.tier } : {}),
    assetId: a.asset.id,
    tags: [IOT_ALARM_TAG, `fault:${a.faultCode}`],
  };
}
