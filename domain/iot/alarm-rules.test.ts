import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTicketSchema } from '../ticket/ticket.schema';
import { alarmTicket } from './alarm-ticket';
import { checkAlarmCondition, decideAlarm, DEFAULT_ALARM_RULES, type AlarmData, type AlarmRule } from './alarm-rules';
import { iotEventSchema } from './iot-event.schema';

const defaults: AlarmRule[] = DEFAULT_ALARM_RULES.map((r) => ({ ...r, active: true }));

function alarm(severity: AlarmData['event']['severity'], patch: Partial<AlarmData['asset']> = {}): AlarmData {
  return {
    event: { kind: 'alarm', faultCode: 'E01', severity, readings: { temperature: 96 }, occurredAt: '2026-05-01T08:00:00+08:00' },
    asset: {
      id: 'as_1',
      serialNo: 'SN-1',
      model: 'AC-300',
      sku: null,
      status: 'in_service',
      customerId: 'c_1',
      siteId: null,
      inWarranty: true,
      ...patch,
    },
    customer: { id: 'c_1', tier: 'standard', region: '华东', province: '江苏' },
  };
}

describe('alarm rules', () => {
  it('default rules: critical → P1 ticket, major → P2 ticket, minor → recorded only', () => {
    const critical = decideAlarm(defaults, alarm('critical'));
    assert.equal(critical.action, 'open_ticket');
    assert.equal(critical.action === 'open_ticket' && critical.priority, 'P1');
    assert.equal(critical.rule?.id, 'ar_critical_p1');
    const major = decideAlarm(defaults, alarm('major'));
    assert.equal(major.action === 'open_ticket' && major.priority, 'P2');
    const minor = decideAlarm(defaults, alarm('minor'));
    assert.equal(minor.action, 'record');
    assert.equal(minor.rule?.id, 'ar_minor_record');
    assert.match(minor.reason, /record only/);
  });

  it('without a matching rule the alarm is recorded, and says so', () => {
    const d = decideAlarm(defaults, alarm(null));
    assert.deepEqual([d.action, d.rule], ['record', null]);
    assert.equal(d.reason, 'no alarm rule matched: recorded only');
  });

  it('the first active rule by position decides', () => {
    const vip: AlarmRule = {
      id: 'ar_vip',
      name: 'VIP minor → P3',
      position: 5,
      condition: { and: [{ '==': [{ var: 'customer.tier' }, 'vip'] }, { '==': [{ var: 'event.severity' }, 'minor'] }] },
      action: 'open_ticket',
      priority: 'P3',
      category1: '设备告警',
      category2: null,
      category3: null,
      active: true,
    };
    const vipAlarm = { ...alarm('minor'), customer: { ...alarm('minor').customer, tier: 'vip' } };
    assert.equal(decideAlarm([...defaults, vip], vipAlarm).rule?.id, 'ar_vip');
    assert.equal(decideAlarm([...defaults, { ...vip, active: false }], vipAlarm).rule?.id, 'ar_minor_record');
    assert.equal(decideAlarm([...defaults, vip], alarm('minor')).rule?.id, 'ar_minor_record');
  });

  it('rules can read readings, warranty and asset fields; unknown variables are refused', () => {
    assert.deepEqual(checkAlarmCondition({ '>': [{ var: 'event.readings.temperature' }, 90] }), []);
    assert.deepEqual(checkAlarmCondition({ '!': [{ var: 'asset.inWarranty' }] }), []);
    assert.deepEqual(checkAlarmCondition(true), []);
    assert.equal(checkAlarmCondition({ '>': [{ var: 'event.temperature' }, 90] }).length, 1);
    assert.equal(checkAlarmCondition({ '==': [{ var: 'asset.serialNo.x' }, 1] }).length, 1);
    assert.equal(checkAlarmCondition([1, 2]).length, 1);
    const hot: AlarmRule = {
      ...defaults[2]!,
      id: 'ar_hot',
      position: 1,
      condition: { '>': [{ var: 'event.readings.temperature' }, 95] },
      action: 'open_ticket',
      priority: 'P2',
    };
    assert.equal(decideAlarm([...defaults, hot], alarm('minor')).rule?.id, 'ar_hot');
  });

  it('the alarm ticket is a valid iot intake with the rule priority and categories', () => {
    const t = alarmTicket({
      faultCode: 'E01',
      severity: 'critical',
      message: '压缩机过热',
      readings: { temperature: 96 },
      occurredAt: '2026-05-01T08:00:00+08:00',
      asset: { id: 'as_1', serialNo: 'SN-1', model: 'AC-300', sku: 'SKU-1' },
      site: { name: '苏州工厂', address: '星湖街 328 号', region: '华东' },
      customer: { id: 'c_1', region: '华南', tier: null },
      rule: { priority: 'P1', category1: '设备告警', category2: '故障码', category3: null },
    });
    assert.equal(createTicketSchema.safeParse(t).success, true);
    assert.deepEqual([t.channel, t.priority, t.category1, t.category2, t.region], ['iot', 'P1', '设备告警', '故障码', '华东']);
    assert.deepEqual(t.tags, ['iot-alarm', 'fault:E01']);
    assert.equal(t.assetId, 'as_1');
    assert.match(t.description, /设备告警 E01（critical）：AC-300 序列号 SN-1，安装点 苏州工厂/);
    assert.match(t.description, /读数：temperature=96/);
  });
});

describe('IoT event body', () => {
  const base = { deviceId: 'dev-1', occurredAt: '2026-05-01T08:00:00+08:00' };
  it('telemetry needs readings; an alarm needs a fault code; either needs a device', () => {
    assert.equal(iotEventSchema.safeParse({ ...base, kind: 'telemetry', readings: { temperature: 71.5, door: 'closed' } }).success, true);
    assert.equal(iotEventSchema.safeParse({ ...base, kind: 'alarm', faultCode: 'E01', severity: 'critical' }).success, true);
    const paths = (b: unknown) => (iotEventSchema.safeParse(b).error?.issues ?? []).map((i) => i.path.join('.'));
    assert.deepEqual(paths({ ...base, kind: 'alarm', severity: 'critical' }), ['faultCode']);
    assert.deepEqual(paths({ occurredAt: base.occurredAt, kind: 'telemetry', readings: {} }), ['deviceId']);
    assert.deepEqual(paths({ ...base, kind: 'alarm', faultCode: 'E01', severity: 'fatal' }), ['severity']);
    assert.deepEqual(paths({ ...base, kind: 'telemetry', readings: { 'a.b': 1 } }), ['readings.a.b']);
    assert.deepEqual(paths({ ...base, kind: 'telemetry', readings: {}, extra: 1 }), ['']);
    assert.deepEqual(paths({ ...base, kind: 'noise' }), ['kind']);
  });
});
