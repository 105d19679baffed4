import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultRmaFlow } from './default-rma-flow';
import { actionRefusal, availableActions, FlowRefusal } from './flow-interpreter';
import { FlowDriver } from './flow-test-driver';
import { validateFlow } from './flow-validation';
import { flowVocabulary } from './flow-vocabulary';

const rma = (over: Record<string, unknown> = {}) => ({
  rmaId: 'RMA-1',
  orderId: 'O-9988',
  customerId: 'CU-1',
  sku: 'SKU-AC-01',
  serialNo: 'SN-1',
  requestedResolution: 'replace',
  claimAmount: 1500,
  ...over,
});

/** diagnose → eligible → (approvals by the given people) → return order + pickup booked. */
function toAwaitingPickup(d: FlowDriver, approvers: [string, string[]][]) {
  d.start();
  d.act('diagnose', { symptoms: '不制冷', evidence: ['https://x/1.jpg'] });
  d.result('oms.check-eligibility', { eligible: true, inWarranty: true });
  for (const [actor, roles] of approvers) d.act('approve', { comment: '同意' }, actor, roles);
  d.result('logistics.create-return-order', { returnOrderNo: 'RO-1' });
  d.result('logistics.book-pickup', { pickupNo: 'PK-1' });
}

function toInspection(d: FlowDriver, approvers: [string, string[]][]) {
  toAwaitingPickup(d, approvers);
  d.act('picked-up', {}, 'carrier');
  d.act('parcel-received', { warehouseId: 'WH-SH' }, 'wms');
}

describe('default RMA flow', () => {
  it('passes validation with the RMA vocabulary', () => {
    const r = validateFlow(defaultRmaFlow, flowVocabulary('rma'));
    assert.deepEqual(r.ok ? [] : r.problems, []);
  });

  it('replace: eligibility, two approval levels by amount, pickup, inspection, replacement, OMS write-back', () => {
    const d = new FlowDriver(defaultRmaFlow, rma());
    d.start();
    assert.equal(d.status, 'diagnosing');
    assert.deepEqual(d.notified(), ['rma_created']);

    d.act('diagnose', { symptoms: '不制冷' });
    assert.equal(d.status, 'checking_eligibility');
    assert.deepEqual(d.activities(), [
      [
        'oms.check-eligibility',
        { orderId: 'O-9988', sku: 'SKU-AC-01', serialNo: 'SN-1', requestedResolution: 'replace', claimAmount: 1500 },
        false,
      ],
    ]);
    assert.deepEqual(availableActions(d.def, d.state!, { work: d.work, now: d.now }), ['add-note', 'add-attachment']);

    // 1500 ≥ qaApprovalFrom (1000) but < financeApprovalFrom (5000): team lead, then QA
    d.result('oms.check-eligibility', { eligible: true });
    assert.equal(d.status, 'pending_approval');
    const asked = d.last.find((c) => c.type === 'approval-requested');
    assert.deepEqual(asked, {
      type: 'approval-requested',
      nodeId: 'approval',
      levelId: 'team_lead',
      role: 'team_lead',
      group: 'rma_team_leads',
      amount: 1500,
      index: 0,
      of: 2,
    });
    assert.ok(d.last.some((c) => c.type === 'step' && c.step.do === 'assign' && c.step.group === 'rma_team_leads'));
    assert.ok(
      d.last.some(
        (c) =>
          c.type === 'step' &&
          c.step.do === 'notify' &&
          c.step.target === 'group:rma_team_leads' &&
          c.step.template === 'approval_requested',
      ),
    );
    assert.deepEqual(availableActions(d.def, d.state!, { work: d.work, now: d.now }), [
      'approve',
      'reject',
      'cancel',
      'add-note',
      'add-attachment',
    ]);

    d.act('approve', {}, 'user:lead', ['team_lead']);
    assert.equal(d.status, 'pending_approval');
    assert.equal((d.last.find((c) => c.type === 'approval-requested') as { levelId: string }).levelId, 'qa');
    d.act('approve', { comment: '质检通过' }, 'user:qa', ['qa']);
    assert.deepEqual(
      d.state!.approvals!.map((a) => [a.levelId, a.decision, a.actor]),
      [
        ['team_lead', 'approved', 'user:lead'],
        ['qa', 'approved', 'user:qa'],
      ],
    );
    assert.equal(d.state!.approval, undefined);

    assert.equal(d.status, 'booking_pickup');
    assert.deepEqual(d.activities(), [['logistics.create-return-order', { rmaId: 'RMA-1', orderId: 'O-9988', customerId: 'CU-1' }, false]]);
    d.result('logistics.create-return-order', { returnOrderNo: 'RO-1' });
    // the second call of the same node sees the first call's result
    assert.deepEqual(d.activities(), [['logistics.book-pickup', { rmaId: 'RMA-1', returnOrderNo: 'RO-1', customerId: 'CU-1' }, false]]);
    d.result('logistics.book-pickup', { pickupNo: 'PK-1' });
    assert.equal(d.status, 'awaiting_pickup');
    assert.deepEqual(d.notified(), ['rma_pickup_booked']);
    assert.deepEqual(
      d.last.find((c) => c.type === 'arm-timeouts'),
      { type: 'arm-timeouts', timeouts: [{ edgeId: 'e_pickup_timeout', minutes: 3 * 24 * 60 }] },
    );

    d.act('picked-up', {}, 'carrier');
    assert.deepEqual(d.last[0], { type: 'enter', nodeId: 'in_transit', status: 'in_transit', pauseSla: 'logistics_in_transit' });
    d.act('parcel-received', { warehouseId: 'WH-SH' }, 'wms');
    assert.equal(d.status, 'inspecting');
    assert.equal(d.activities()[0]![0], 'wms.inspect-inbound');
    d.result('wms.inspect-inbound', { responsibility: 'manufacturer', priceDifference: 0 });
    assert.equal(d.work.resolution, 'replace');
    assert.deepEqual(d.activities(), [['wms.ship-replacement', { rmaId: 'RMA-1', sku: 'SKU-AC-01', customerId: 'CU-1' }, false]]);
    d.result('wms.ship-replacement', { outboundNo: 'OUT-1' });
    // no price difference: straight to the OMS write-back
    assert.deepEqual(d.activities(), [
      [
        'oms.write-back',
        { rmaId: 'RMA-1', orderId: 'O-9988', resolution: 'replace', refundNo: null, outboundNo: 'OUT-1', invoiceNo: null },
        false,
      ],
    ]);
    d.result('oms.write-back', {});
    assert.equal(d.status, 'closed');
    assert.equal(d.state!.ended, true);
    assert.deepEqual(d.notified(), ['rma_completed']);
    assert.deepEqual(
      d.activities(d.all).filter(([, , comp]) => comp),
      [],
      'nothing was undone',
    );
  });

  it('repair: the inspection decides repair; repaired unit shipped back; the price difference settled and invoiced', () => {
    const d = new FlowDriver(defaultRmaFlow, rma({ requestedResolution: 'replace', claimAmount: 600 }));
    toInspection(d, [['user:lead', ['team_lead']]]);
    d.result('wms.inspect-inbound', { responsibility: 'manufacturer', decision: 'repair', priceDifference: 80 });
    assert.equal(d.work.resolution, 'repair');
    assert.equal(d.status, 'repairing');
    assert.deepEqual(
      d.last.find((c) => c.type === 'arm-timeouts'),
      {
        type: 'arm-timeouts',
        timeouts: [{ edgeId: 'e_repair_timeout', minutes: 5 * 24 * 60 }],
      },
    );
    d.act('repair-done', { note: '更换压缩机' }, 'user:tech');
    d.result('logistics.ship-back', { outboundNo: 'OUT-2' });
    assert.deepEqual(d.activities(), [['erp.settle-price-difference', { rmaId: 'RMA-1', orderId: 'O-9988', amount: 80 }, false]]);
    d.result('erp.settle-price-difference', { settlementNo: 'ST-1' });
    assert.deepEqual(d.activities(), [
      ['erp.issue-invoice', { rmaId: 'RMA-1', orderId: 'O-9988', refundNo: null, settlementNo: 'ST-1' }, false],
    ]);
    d.result('erp.issue-invoice', { invoiceNo: 'INV-1' });
    assert.deepEqual(d.activities()[0]![1], {
      rmaId: 'RMA-1',
      orderId: 'O-9988',
      resolution: 'repair',
      refundNo: null,
      outboundNo: 'OUT-2',
      invoiceNo: 'INV-1',
    });
    d.result('oms.write-back', {});
    assert.equal(d.status, 'closed');
  });

  it('refund: two different approvers, refund through ERP, invoice, OMS write-back', () => {
    const d = new FlowDriver(defaultRmaFlow, rma({ requestedResolution: 'refund', claimAmount: 800 }));
    toInspection(d, [
      ['user:lead', ['team_lead']],
      ['user:lead2', ['team_lead']],
    ]);
    assert.deepEqual(
      d.state!.approvals!.map((a) => [a.levelId, a.actor]),
      [
        ['team_lead', 'user:lead'],
        ['team_lead', 'user:lead2'],
      ],
    );
    d.result('wms.inspect-inbound', { responsibility: 'logistics' });
    assert.equal(d.status, 'refunding');
    assert.deepEqual(d.activities(), [['erp.refund', { rmaId: 'RMA-1', orderId: 'O-9988', amount: 800 }, false]]);
    d.result('erp.refund', { refundNo: 'RF-1' });
    assert.equal(d.activities()[0]![1].refundNo, 'RF-1');
    d.result('erp.issue-invoice', { invoiceNo: 'INV-9' });
    assert.equal(d.activities()[0]![1].resolution, 'refund');
    d.result('oms.write-back', {});
    assert.equal(d.status, 'closed');
  });

  it('the same person cannot approve twice when a refund needs distinct approvers', () => {
    const d = new FlowDriver(defaultRmaFlow, rma({ requestedResolution: 'refund', claimAmount: 800 }));
    d.start();
    d.act('diagnose');
    d.result('oms.check-eligibility', { eligible: true });
    // one level by amount, but a refund asks a second approver of that level
    assert.deepEqual(d.state!.approval!.required, [
      { levelId: 'team_lead', role: 'team_lead', group: 'rma_team_leads' },
      { levelId: 'team_lead', role: 'team_lead', group: 'rma_team_leads' },
    ]);
    d.act('approve', {}, 'user:lead', ['team_lead']);
    const refusal = actionRefusal(d.def, d.state!, 'approve', { work: d.work, now: d.now, payload: {}, actor: 'user:lead' });
    assert.equal(refusal?.code, 'not_allowed');
    assert.match(refusal!.message, /already approved.*different approver/);
    const before = d.state;
    assert.throws(
      () => d.act('approve', {}, 'user:lead', ['team_lead']),
      (e: FlowRefusal) => e.code === 'not_allowed',
    );
    assert.equal(d.state, before);
    assert.equal(d.status, 'pending_approval');
    // not for a replacement: one approval by the team lead is enough
    const r = new FlowDriver(defaultRmaFlow, rma({ requestedResolution: 'replace', claimAmount: 800 }));
    r.start();
    r.act('diagnose');
    r.result('oms.check-eligibility', { eligible: true });
    r.act('approve', {}, 'user:lead', ['team_lead']);
    assert.equal(r.status, 'booking_pickup');
  });

  it('refuses an approver without the role of the level', () => {
    const d = new FlowDriver(defaultRmaFlow, rma({ claimAmount: 6000 }));
    d.start();
    d.act('diagnose');
    d.result('oms.check-eligibility', { eligible: true });
    assert.equal(d.state!.approval!.required.length, 3, 'team lead, QA and finance from 5000');
    d.act('approve', {}, 'user:lead', ['team_lead']);
    assert.throws(
      () => d.act('approve', {}, 'user:lead', ['team_lead']),
      (e: FlowRefusal) => /needs the role 'qa'/.test(e.message),
    );
  });

  it('rejection at approval ends it: rejected, customer told, decision recorded', () => {
    const d = new FlowDriver(defaultRmaFlow, rma({ claimAmount: 2000 }));
    d.start();
    d.act('diagnose');
    d.result('oms.check-eligibility', { eligible: true });
    d.act('approve', {}, 'user:lead', ['team_lead']);
    const r = d.act('reject', { comment: '超出保修范围' }, 'user:qa', ['qa']);
    assert.equal(d.status, 'rejected');
    assert.equal(d.state!.ended, true);
    assert.deepEqual(d.notified(), ['rma_rejected']);
    assert.deepEqual(
      r.commands.find((c) => c.type === 'approval-decided'),
      {
        type: 'approval-decided',
        record: {
          nodeId: 'approval',
          levelId: 'qa',
          decision: 'rejected',
          actor: 'user:qa',
          amount: 2000,
          at: d.now,
          comment: '超出保修范围',
        },
      },
    );
    assert.deepEqual(
      d.activities(d.all).map(([a]) => a),
      ['oms.check-eligibility'],
      'no logistics were booked',
    );
  });

  it('auto-approves below the configured amount, recorded, and goes straight to logistics', () => {
    const d = new FlowDriver(defaultRmaFlow, rma({ claimAmount: 150 }));
    d.start();
    d.act('diagnose');
    const r = d.result('oms.check-eligibility', { eligible: true });
    assert.equal(d.status, 'booking_pickup');
    assert.ok(!r.commands.some((c) => c.type === 'approval-requested'));
    assert.deepEqual(d.state!.approvals, [
      { nodeId: 'approval', levelId: null, decision: 'auto-approved', actor: 'system', amount: 150, at: d.now },
    ]);
    assert.ok(r.commands.some((c) => c.type === 'approval-decided' && c.record.decision === 'auto-approved'));
    // the threshold is a param: an admin who lowers it gets a manual approval for the same amount
    const stricter = new FlowDriver(
      { ...defaultRmaFlow, params: { ...defaultRmaFlow.params, autoApproveBelow: 100 } },
      rma({ claimAmount: 150 }),
    );
    stricter.start();
    stricter.act('diagnose');
    stricter.result('oms.check-eligibility', { eligible: true });
    assert.equal(stricter.status, 'pending_approval');
  });

  it('parcel never arrives: the timeout edge escalates, again every period, until it arrives', () => {
    const d = new FlowDriver(defaultRmaFlow, rma({ claimAmount: 150 }));
    toAwaitingPickup(d, []);
    const armed = d.act('picked-up', {}, 'carrier').commands.find((c) => c.type === 'arm-timeouts');
    assert.deepEqual(armed, { type: 'arm-timeouts', timeouts: [{ edgeId: 'e_parcel_timeout', minutes: 7 * 24 * 60 }] });
    const fired = d.send({ type: 'timeout', edgeId: 'e_parcel_timeout' });
    assert.deepEqual(
      fired.commands.filter((c) => c.type === 'step').map((c) => (c as { step: unknown }).step),
      [
        { do: 'escalate', group: 'logistics' },
        { do: 'notify', channel: 'wecom', target: 'team_lead', template: 'rma_parcel_overdue' },
      ],
    );
    assert.equal(d.status, 'in_transit');
    assert.deepEqual(
      fired.commands.find((c) => c.type === 'arm-timeouts'),
      armed,
      're-armed for the next period',
    );
    d.act('parcel-received', {}, 'wms');
    assert.equal(d.status, 'inspecting');
    // admins change the number, not the graph
    const quick = new FlowDriver(
      { ...defaultRmaFlow, params: { ...defaultRmaFlow.params, parcelTimeoutDays: 2 } },
      rma({ claimAmount: 150 }),
    );
    toAwaitingPickup(quick, []);
    assert.deepEqual(
      quick.act('picked-up').commands.find((c) => c.type === 'arm-timeouts'),
      {
        type: 'arm-timeouts',
        timeouts: [{ edgeId: 'e_parcel_timeout', minutes: 2 * 24 * 60 }],
      },
    );
  });

  it('cancel in transit undoes the pickup, then the return order — newest first, each once', () => {
    const d = new FlowDriver(defaultRmaFlow, rma({ claimAmount: 150 }));
    toAwaitingPickup(d, []);
    d.act('picked-up');
    d.act('cancel', { reason: '客户撤回申请' }, 'user:li');
    assert.deepEqual(d.activities(), [
      ['logistics.cancel-pickup', { pickupNo: 'PK-1' }, true],
      ['logistics.cancel-return-order', { returnOrderNo: 'RO-1' }, true],
    ]);
    assert.equal(d.status, 'cancelled');
    assert.deepEqual(d.state!.owed, []);
    assert.deepEqual(d.notified(), ['rma_cancelled']);
  });

  it('not eligible → rejected; a failing call → exception with the team lead told; stale results are refused', () => {
    const d = new FlowDriver(defaultRmaFlow, rma());
    d.start();
    d.act('diagnose');
    const callId = d.awaited().callId;
    d.result('oms.check-eligibility', { eligible: false, reason: '超出退换期' });
    assert.equal(d.status, 'rejected');
    assert.deepEqual(d.notified(), ['rma_ineligible']);

    const f = new FlowDriver(defaultRmaFlow, rma({ claimAmount: 150 }));
    f.start();
    f.act('diagnose');
    f.result('oms.check-eligibility', { eligible: true });
    f.result('logistics.create-return-order', { returnOrderNo: 'RO-7' });
    f.fail('logistics.book-pickup', 'carrier API down');
    assert.equal(f.status, 'exception');
    // the failure edge compensates: the return order already made is cancelled
    assert.deepEqual(f.activities(), [['logistics.cancel-return-order', { returnOrderNo: 'RO-7' }, true]]);
    assert.deepEqual(f.state!.vars!.pickup, { failed: true, error: 'carrier API down' });
    assert.deepEqual(f.notified(), ['rma_exception']);
    f.act('close', { note: '人工处理' });
    assert.equal(f.status, 'closed');

    const g = new FlowDriver(defaultRmaFlow, rma());
    g.start();
    g.act('diagnose');
    assert.throws(
      () => g.send({ type: 'activity-result', callId: callId + 'x', result: {} }),
      (e: FlowRefusal) => e.code === 'stale_event',
    );
  });
});
