import type { FormTemplateInput } from './form-template';

const resolveNeedsRootCause = {
  fields: [
    { key: 'rootCause', label: { zh: '根因', en: 'Root cause' }, type: 'text' as const, required: true, min: 2 },
    { key: 'resolution', label: { zh: '处理结果', en: 'Resolution' }, type: 'text' as const, required: true },
  ],
};

/**
 * The templates every installation starts with (seed 002 §6, MISSION §9), published as version 1
 * when their key has none. Admins change them by publishing new versions; tickets keep the
 * version they were opened under.
 */
export const STANDARD_FORM_TEMPLATES: FormTemplateInput[] = [
  {
    key: 'default',
    name: { zh: '通用工单', en: 'General ticket' },
    fields: [{ key: 'contactPhone', label: { zh: '联系电话', en: 'Contact phone' }, type: 'phone' }],
  },
  {
    key: 'return',
    name: { zh: '退换货', en: 'Return / exchange' },
    category1: '退换货',
    fields: [
      { key: 'invoiceNo', label: { zh: '发票号码', en: 'Invoice number' }, type: 'text', required: true, pattern: '[0-9A-Za-z]{8,20}' },
      { key: 'waybillNo', label: { zh: '物流运单号', en: 'Waybill number' }, type: 'text', required: true, pattern: '[0-9A-Za-z]{8,30}' },
      {
        key: 'refundAmount',
        label: { zh: '退款金额', en: 'Refund amount' },
        type: 'number',
        min: 0,
        // a refund (质量退换/退款) states how much
        requiredWhen: { '==': [{ var: 'ticket.category3' }, '退款'] },
      },
    ],
    attachments: [
      { kind: 'invoice', label: { zh: '发票', en: 'Invoice' }, minCount: 1, minSizeBytes: 10_240 },
      { kind: 'waybill', label: { zh: '物流面单', en: 'Waybill photo' }, minCount: 1, minSizeBytes: 10_240 },
      {
        kind: 'unboxing_video',
        label: { zh: '开箱视频', en: 'Unboxing video' },
        minCount: 1,
        minSizeBytes: 1_048_576,
        minDurationSec: 10,
        mimePrefixes: ['video/'],
      },
    ],
    transitions: {
      close: {
        fields: [
          {
            key: 'reason',
            label: { zh: '客户确认', en: 'Customer confirmation' },
            type: 'enum',
            options: ['confirmed'],
            required: true,
            hint: { zh: '退换货须客户确认后关闭', en: 'a return closes only once the customer confirms' },
          },
        ],
      },
    },
  },
  {
    key: 'repair',
    name: { zh: '维修', en: 'Repair' },
    category1: '维修',
    fields: [
      { key: 'serialNo', label: { zh: '序列号', en: 'Serial number' }, type: 'serial', required: true },
      { key: 'purchaseDate', label: { zh: '购买日期', en: 'Purchase date' }, type: 'date' },
    ],
    attachments: [
      { kind: 'proof_of_purchase', label: { zh: '购买凭证', en: 'Proof of purchase' }, minCount: 1, minSizeBytes: 10_240 },
      { kind: 'photo', label: { zh: '故障照片', en: 'Photo of the fault' }, minCount: 0 },
    ],
    transitions: { resolve: resolveNeedsRootCause },
  },
  {
    key: 'install',
    name: { zh: '新机上门安装', en: 'On-site installation of a new unit' },
    category1: '安装服务',
    category2: '上门安装',
    category3: '新机安装',
    fields: [
      { key: 'address', label: { zh: '安装地址', en: 'Installation address' }, type: 'text', required: true, min: 5, max: 200 },
      { key: 'preferredTime', label: { zh: '期望上门时间', en: 'Preferred time' }, type: 'date', required: true },
      { key: 'contactPhone', label: { zh: '联系电话', en: 'Contact phone' }, type: 'phone', required: true },
    ],
  },
];
