import type { FlowDefinitionInput } from './flow-definition';

/**
 * The RMA process (寄修退换) of MISSION §5 as the default published flow (key `rma-default`).
 *
 * diagnosing ─diagnose→ eligibility (OMS: order, warranty, policy) ─not eligible→ rejected
 *   → approval by amount (auto below params.autoApproveBelow; team lead, + QA from
 *     params.qaApprovalFrom, + finance from params.financeApprovalFrom; refunds and price changes
 *     need two different approvers) ─rejected→ rejected (customer told)
 *   → reverse-logistics order + pickup booking → awaiting_pickup ─picked-up→ in_transit
 *     (no parcel within params.parcelTimeoutDays → escalate, again every period)
 *   ─parcel-received→ inbound inspection (WMS) with responsibility
 *   → customer's fault: shipped back (returned) | refund | replace | repair | price change
 *   → settlement through ERP (refund or price difference, invoice) → written back to OMS → closed.
 * Cancel before the parcel arrives undoes the pickup and the return order, newest first.
 * A call that fails for good goes to exception, where a team lead finishes the RMA by hand.
 */
const customer = (template: string) => ({ do: 'notify' as const, channel: 'sms', target: 'customer', template });
const teamLead = (template: string) => ({ do: 'notify' as const, channel: 'wecom', target: 'team_lead', template });
const v = (name: string) => ({ var: name });
const failed = (from: string) => ({ id: `e_${from}_failed`, from, to: 'exception_notice', label: '调用失败', on: { outcome: 'failed' } });
const cancel = (from: string) => ({
  id: `e_${from}_cancel`,
  from,
  to: 'cancelled_notice',
  label: '取消（撤销已做的物流预约）',
  on: { action: 'cancel' },
  compensate: true as const,
});

export const defaultRmaFlow: FlowDefinitionInput = {
  key: 'rma-default',
  kind: 'rma',
  name: '标准寄修退换流程 (default RMA)',
  description: '诊断 → 资格校验 → 按金额审批 → 逆向物流取件 → 到仓检测判责 → 换新/维修/退款 → 结算回写 → 关闭',
  globalActions: ['add-note', 'add-attachment'],
  params: {
    autoApproveBelow: 200,
    qaApprovalFrom: 1000,
    financeApprovalFrom: 5000,
    pickupTimeoutDays: 3,
    parcelTimeoutDays: 7,
    repairTimeoutDays: 5,
  },
  nodes: [
    { id: 'start', type: 'start', label: '发起寄修退换' },
    { id: 'intake', type: 'action', label: '通知客户已受理', steps: [customer('rma_created')] },
    { id: 'diagnosing', type: 'state', label: '诊断中（故障现象与凭证）', status: 'diagnosing' },
    {
      id: 'check_eligibility',
      type: 'action',
      label: '资格校验（订单/保修/政策）',
      status: 'checking_eligibility',
      steps: [
        {
          do: 'call',
          activity: 'oms.check-eligibility',
          input: {
            orderId: v('rma.orderId'),
            sku: v('rma.sku'),
            serialNo: v('rma.serialNo'),
            requestedResolution: v('rma.requestedResolution'),
            claimAmount: v('rma.claimAmount'),
          },
          resultVar: 'eligibility',
        },
      ],
    },
    { id: 'eligible', type: 'decision', label: '是否符合退换修政策' },
    { id: 'ineligible_notice', type: 'action', label: '不符合政策：通知客户', steps: [customer('rma_ineligible')] },
    {
      id: 'approval',
      type: 'approval',
      label: '金额阈值审批（班组长/质检/财务）',
      status: 'pending_approval',
      amountVar: 'rma.claimAmount',
      autoApproveBelow: { param: 'autoApproveBelow' },
      levels: [
        { id: 'team_lead', label: '班组长', minAmount: 0, role: 'team_lead', group: 'rma_team_leads' },
        { id: 'qa', label: '质检', minAmount: { param: 'qaApprovalFrom' }, role: 'qa', group: 'qa' },
        { id: 'finance', label: '财务', minAmount: { param: 'financeApprovalFrom' }, role: 'finance', group: 'finance' },
      ],
      // 敏感操作（退款/改价）二次审批：two different people
      distinctApprovers: { in: [v('rma.requestedResolution'), ['refund', 'price_change']] },
    },
    { id: 'rejected_notice', type: 'action', label: '审批驳回：通知客户', steps: [customer('rma_rejected')] },
    {
      id: 'reverse_logistics',
      type: 'action',
      label: '创建逆向物流单并预约取件',
      status: 'booking_pickup',
      steps: [
        {
          do: 'call',
          activity: 'logistics.create-return-order',
          input: { rmaId: v('rma.rmaId'), orderId: v('rma.orderId'), customerId: v('rma.customerId') },
          resultVar: 'returnOrder',
          compensate: [
            { do: 'call', activity: 'logistics.cancel-return-order', input: { returnOrderNo: v('vars.returnOrder.returnOrderNo') } },
          ],
        },
        {
          do: 'call',
          activity: 'logistics.book-pickup',
          input: { rmaId: v('rma.rmaId'), returnOrderNo: v('vars.returnOrder.returnOrderNo'), customerId: v('rma.customerId') },
          resultVar: 'pickup',
          compensate: [{ do: 'call', activity: 'logistics.cancel-pickup', input: { pickupNo: v('vars.pickup.pickupNo') } }],
        },
        customer('rma_pickup_booked'),
      ],
    },
    { id: 'awaiting_pickup', type: 'state', label: '待取件', status: 'awaiting_pickup' },
    {
      id: 'pickup_overdue',
      type: 'action',
      label: '超时未取件：升级',
      steps: [{ do: 'escalate', group: 'logistics' }, teamLead('rma_pickup_overdue')],
    },
    { id: 'in_transit', type: 'state', label: '运输中', status: 'in_transit', pauseSla: 'logistics_in_transit' },
    {
      id: 'parcel_overdue',
      type: 'action',
      label: '超时未到仓：升级',
      steps: [{ do: 'escalate', group: 'logistics' }, teamLead('rma_parcel_overdue')],
    },
    {
      id: 'inspect',
      type: 'action',
      label: '到仓检测判责（WMS）',
      status: 'inspecting',
      steps: [
        {
          do: 'call',
          activity: 'wms.inspect-inbound',
          input: {
            rmaId: v('rma.rmaId'),
            returnOrderNo: v('vars.returnOrder.returnOrderNo'),
            sku: v('rma.sku'),
            serialNo: v('rma.serialNo'),
          },
          resultVar: 'inspection',
        },
        // the inspection may overrule what the customer asked for
        {
          do: 'set',
          field: 'resolution',
          value: { if: [v('vars.inspection.decision'), v('vars.inspection.decision'), v('rma.requestedResolution')] },
        },
      ],
    },
    { id: 'decide', type: 'decision', label: '换新/维修/退款决策' },
    {
      id: 'not_covered',
      type: 'action',
      label: '人为损坏：寄回客户',
      status: 'returning',
      steps: [
        {
          do: 'call',
          activity: 'logistics.ship-back',
          input: { rmaId: v('rma.rmaId'), customerId: v('rma.customerId') },
          resultVar: 'outbound',
        },
        customer('rma_not_covered'),
      ],
    },
    {
      id: 'refund',
      type: 'action',
      label: '退款（ERP）',
      status: 'refunding',
      steps: [
        {
          do: 'call',
          activity: 'erp.refund',
          input: { rmaId: v('rma.rmaId'), orderId: v('rma.orderId'), amount: v('rma.claimAmount') },
          resultVar: 'refund',
        },
      ],
    },
    {
      id: 'ship_replacement',
      type: 'action',
      label: '换新出库（WMS）',
      status: 'shipping_replacement',
      steps: [
        {
          do: 'call',
          activity: 'wms.ship-replacement',
          input: { rmaId: v('rma.rmaId'), sku: v('rma.sku'), customerId: v('rma.customerId') },
          resultVar: 'outbound',
        },
      ],
    },
    { id: 'repairing', type: 'state', label: '维修中', status: 'repairing' },
    { id: 'repair_overdue', type: 'action', label: '维修超时：升级', steps: [{ do: 'escalate' }, teamLead('rma_repair_overdue')] },
    {
      id: 'ship_repaired',
      type: 'action',
      label: '修复寄回',
      status: 'shipping_back',
      steps: [
        {
          do: 'call',
          activity: 'logistics.ship-back',
          input: { rmaId: v('rma.rmaId'), customerId: v('rma.customerId') },
          resultVar: 'outbound',
        },
      ],
    },
    { id: 'needs_price_difference', type: 'decision', label: '是否需补差价' },
    {
      id: 'price_difference',
      type: 'action',
      label: '补差价结算（ERP）',
      status: 'settling',
      steps: [
        {
          do: 'call',
          activity: 'erp.settle-price-difference',
          input: {
            rmaId: v('rma.rmaId'),
            orderId: v('rma.orderId'),
            amount: { if: [v('vars.inspection.priceDifference'), v('vars.inspection.priceDifference'), v('rma.claimAmount')] },
          },
          resultVar: 'settlement',
        },
      ],
    },
    {
      id: 'invoice',
      type: 'action',
      label: '开票/红冲（ERP）',
      status: 'settling',
      steps: [
        {
          do: 'call',
          activity: 'erp.issue-invoice',
          input: {
            rmaId: v('rma.rmaId'),
            orderId: v('rma.orderId'),
            refundNo: v('vars.refund.refundNo'),
            settlementNo: v('vars.settlement.settlementNo'),
          },
          resultVar: 'invoice',
        },
      ],
    },
    {
      id: 'write_back',
      type: 'action',
      label: '回写订单系统（OMS）',
      status: 'settling',
      steps: [
        {
          do: 'call',
          activity: 'oms.write-back',
          input: {
            rmaId: v('rma.rmaId'),
            orderId: v('rma.orderId'),
            resolution: v('rma.resolution'),
            refundNo: v('vars.refund.refundNo'),
            outboundNo: v('vars.outbound.outboundNo'),
            invoiceNo: v('vars.invoice.invoiceNo'),
          },
          resultVar: 'writeBack',
        },
        customer('rma_completed'),
      ],
    },
    {
      id: 'exception_notice',
      type: 'action',
      label: '异常：通知班组长',
      steps: [teamLead('rma_exception'), { do: 'escalate' }],
    },
    { id: 'exception', type: 'state', label: '异常待人工处理', status: 'exception' },
    { id: 'cancelled_notice', type: 'action', label: '已取消：通知客户', steps: [customer('rma_cancelled')] },
    { id: 'closed', type: 'end', label: '已关闭', status: 'closed' },
    { id: 'rejected', type: 'end', label: '已驳回', status: 'rejected' },
    { id: 'returned', type: 'end', label: '已退回客户', status: 'returned' },
    { id: 'cancelled', type: 'end', label: '已取消', status: 'cancelled' },
  ],
  edges: [
    { id: 'e_start', from: 'start', to: 'intake' },
    { id: 'e_intake', from: 'intake', to: 'diagnosing' },
    { id: 'e_diagnose', from: 'diagnosing', to: 'check_eligibility', on: { action: 'diagnose' } },
    cancel('diagnosing'),
    { id: 'e_eligibility', from: 'check_eligibility', to: 'eligible' },
    failed('check_eligibility'),
    { id: 'e_eligible', from: 'eligible', to: 'approval', label: '符合', condition: { '==': [v('vars.eligibility.eligible'), true] } },
    { id: 'e_ineligible', from: 'eligible', to: 'ineligible_notice', default: true },
    { id: 'e_ineligible_done', from: 'ineligible_notice', to: 'rejected' },
    { id: 'e_approved', from: 'approval', to: 'reverse_logistics', on: { outcome: 'approved' } },
    { id: 'e_rejected', from: 'approval', to: 'rejected_notice', on: { outcome: 'rejected' } },
    cancel('approval'),
    { id: 'e_rejected_done', from: 'rejected_notice', to: 'rejected' },
    { id: 'e_pickup_booked', from: 'reverse_logistics', to: 'awaiting_pickup' },
    { ...failed('reverse_logistics'), compensate: true },
    { id: 'e_picked_up', from: 'awaiting_pickup', to: 'in_transit', on: { action: 'picked-up' } },
    {
      id: 'e_pickup_timeout',
      from: 'awaiting_pickup',
      to: 'pickup_overdue',
      label: '超时未取件',
      on: { timeoutParam: 'pickupTimeoutDays', unit: 'days' },
    },
    { id: 'e_pickup_overdue_back', from: 'pickup_overdue', to: 'awaiting_pickup' },
    cancel('awaiting_pickup'),
    { id: 'e_received', from: 'in_transit', to: 'inspect', on: { action: 'parcel-received' } },
    {
      id: 'e_parcel_timeout',
      from: 'in_transit',
      to: 'parcel_overdue',
      label: '超时未到仓',
      on: { timeoutParam: 'parcelTimeoutDays', unit: 'days' },
    },
    { id: 'e_parcel_overdue_back', from: 'parcel_overdue', to: 'in_transit' },
    cancel('in_transit'),
    { id: 'e_inspected', from: 'inspect', to: 'decide' },
    failed('inspect'),
    {
      id: 'e_customer_fault',
      from: 'decide',
      to: 'not_covered',
      label: '客户责任',
      order: 1,
      condition: { '==': [v('vars.inspection.responsibility'), 'customer'] },
    },
    { id: 'e_decide_refund', from: 'decide', to: 'refund', label: '退款', order: 2, condition: { '==': [v('rma.resolution'), 'refund'] } },
    {
      id: 'e_decide_replace',
      from: 'decide',
      to: 'ship_replacement',
      label: '换新',
      order: 3,
      condition: { '==': [v('rma.resolution'), 'replace'] },
    },
    {
      id: 'e_decide_repair',
      from: 'decide',
      to: 'repairing',
      label: '维修',
      order: 4,
      condition: { '==': [v('rma.resolution'), 'repair'] },
    },
    {
      id: 'e_decide_price',
      from: 'decide',
      to: 'price_difference',
      label: '改价/补差',
      order: 5,
      condition: { '==': [v('rma.resolution'), 'price_change'] },
    },
    { id: 'e_decide_unknown', from: 'decide', to: 'exception_notice', label: '无法判定', default: true },
    { id: 'e_not_covered_done', from: 'not_covered', to: 'returned' },
    failed('not_covered'),
    { id: 'e_refunded', from: 'refund', to: 'invoice' },
    failed('refund'),
    { id: 'e_replacement_shipped', from: 'ship_replacement', to: 'needs_price_difference' },
    failed('ship_replacement'),
    { id: 'e_repair_done', from: 'repairing', to: 'ship_repaired', on: { action: 'repair-done' } },
    {
      id: 'e_repair_timeout',
      from: 'repairing',
      to: 'repair_overdue',
      label: '维修超时',
      on: { timeoutParam: 'repairTimeoutDays', unit: 'days' },
    },
    { id: 'e_repair_overdue_back', from: 'repair_overdue', to: 'repairing' },
    { id: 'e_repaired_shipped', from: 'ship_repaired', to: 'needs_price_difference' },
    failed('ship_repaired'),
    {
      id: 'e_has_price_difference',
      from: 'needs_price_difference',
      to: 'price_difference',
      label: '有差价',
      condition: { '!=': [{ var: ['vars.inspection.priceDifference', 0] }, 0] },
    },
    { id: 'e_no_price_difference', from: 'needs_price_difference', to: 'write_back', default: true },
    { id: 'e_price_settled', from: 'price_difference', to: 'invoice' },
    failed('price_difference'),
    { id: 'e_invoiced', from: 'invoice', to: 'write_back' },
    failed('invoice'),
    { id: 'e_written_back', from: 'write_back', to: 'closed' },
    failed('write_back'),
    { id: 'e_exception', from: 'exception_notice', to: 'exception' },
    { id: 'e_exception_close', from: 'exception', to: 'closed', label: '人工处理完毕', on: { action: 'close' } },
    { id: 'e_cancelled', from: 'cancelled_notice', to: 'cancelled' },
  ],
};
