/**
 * The dictionaries every installation starts with. Category codes are the Chinese labels
 * themselves, because integrators send them that way (seed 002 §14: "质量问题/功能异常/开机失败").
 */
export type DictionaryType = 'category' | 'priority' | 'status' | 'substatus' | 'pause_reason' | 'channel';

export interface DictionarySeed {
  type: DictionaryType;
  code: string;
  parent?: string;
  zh: string;
  en: string;
}

const categoryTree: [string, string, [string, string, [string, string][]][]][] = [
  [
    '质量问题',
    'Quality problem',
    [
      [
        '功能异常',
        'Malfunction',
        [
          ['开机失败', "Won't power on"],
          ['黑屏', 'Black screen'],
          ['异响', 'Abnormal noise'],
          ['不制冷', 'Not cooling'],
          ['漏水', 'Leaking'],
        ],
      ],
      [
        '外观损坏',
        'Cosmetic damage',
        [
          ['划痕', 'Scratches'],
          ['破损', 'Broken parts'],
        ],
      ],
      [
        '性能下降',
        'Degraded performance',
        [
          ['续航短', 'Short battery life'],
          ['噪音大', 'Loud'],
        ],
      ],
    ],
  ],
  [
    '物流问题',
    'Logistics',
    [
      [
        '配送异常',
        'Delivery problem',
        [
          ['配送延迟', 'Late delivery'],
          ['包裹破损', 'Damaged parcel'],
          ['错发漏发', 'Wrong or missing items'],
        ],
      ],
    ],
  ],
  [
    '安装服务',
    'Installation',
    [
      [
        '上门安装',
        'On-site installation',
        [
          ['新机安装', 'New unit'],
          ['移机', 'Relocation'],
        ],
      ],
      [
        '安装预约',
        'Booking',
        [
          ['改约', 'Reschedule'],
          ['取消预约', 'Cancel booking'],
        ],
      ],
    ],
  ],
  [
    '退换货',
    'Return / exchange',
    [
      [
        '七天无理由',
        '7-day no-reason return',
        [
          ['未拆封', 'Unopened'],
          ['已拆封', 'Opened'],
        ],
      ],
      [
        '质量退换',
        'Quality return',
        [
          ['换新', 'Replacement'],
          ['退款', 'Refund'],
        ],
      ],
    ],
  ],
  [
    '咨询',
    'Enquiry',
    [
      ['使用咨询', 'How-to', [['操作指导', 'Operating guidance']]],
      [
        '政策咨询',
        'Policy',
        [
          ['保修政策', 'Warranty policy'],
          ['收费标准', 'Fees'],
        ],
      ],
    ],
  ],
  [
    '设备告警',
    'Device alarm',
    [
      [
        '温度异常',
        'Temperature',
        [
          ['超温', 'Over temperature'],
          ['低温', 'Under temperature'],
        ],
      ],
      ['设备离线', 'Offline', [['网络中断', 'Network down']]],
      [
        '故障码',
        'Fault code',
        [
          ['E01', 'E01'],
          ['E02', 'E02'],
        ],
      ],
    ],
  ],
  // last, so the sort order of the entries above stays as it was; the repair form template applies here
  [
    '维修',
    'Repair',
    [
      [
        '保内维修',
        'In-warranty repair',
        [
          ['寄修', 'Mail-in'],
          ['上门维修', 'On-site'],
        ],
      ],
      [
        '保外维修',
        'Out-of-warranty repair',
        [
          ['寄修', 'Mail-in'],
          ['上门维修', 'On-site'],
        ],
      ],
    ],
  ],
];

export const STANDARD_DICTIONARIES: DictionarySeed[] = [
  ...categoryTree.flatMap(([c1, e1, level2]) => [
    { type: 'category' as const, code: c1, zh: c1, en: e1 },
    ...level2.flatMap(([c2, e2, level3]) => [
      { type: 'category' as const, code: `${c1}/${c2}`, parent: c1, zh: c2, en: e2 },
      ...level3.map(([c3, e3]) => ({ type: 'category' as const, code: `${c1}/${c2}/${c3}`, parent: `${c1}/${c2}`, zh: c3, en: e3 })),
    ]),
  ]),
  ...[
    ['P1', '紧急（人身/财产风险）', 'P1 urgent (risk to people or property)'],
    ['P2', '高', 'P2 high'],
    ['P3', '中', 'P3 normal'],
    ['P4', '低', 'P4 low'],
  ].map(([code, zh, en]) => ({ type: 'priority' as const, code: code!, zh: zh!, en: en! })),
  ...[
    ['new', '新建', 'New'],
    ['pending_assignment', '待分派', 'Pending assignment'],
    ['pending_acceptance', '待接单', 'Pending acceptance'],
    ['pending_reassignment', '待重新分派', 'Pending reassignment'],
    ['in_progress', '处理中', 'In progress'],
    ['pending_customer', '待客户', 'Pending customer'],
    ['pending_review', '待审核/待结算', 'Pending review / settlement'],
    ['on_hold', '挂起', 'On hold'],
    ['escalated', '已升级', 'Escalated'],
    ['resolved', '已解决', 'Resolved'],
    ['reopened', '已重开', 'Reopened'],
    ['closed', '已关闭', 'Closed'],
  ].map(([code, zh, en]) => ({ type: 'status' as const, code: code!, zh: zh!, en: en! })),
  ...[
    ['diagnosing', '诊断中', 'Diagnosing'],
    ['awaiting_information', '待资料', 'Awaiting information'],
    ['awaiting_visit', '待上门', 'Awaiting visit'],
    ['awaiting_parts', '待备件', 'Awaiting parts'],
    ['called_out', '已外呼', 'Called out'],
  ].map(([code, zh, en]) => ({ type: 'substatus' as const, code: code!, zh: zh!, en: en! })),
  ...[
    ['waiting_customer', '等待客户', 'Waiting on customer'],
    ['waiting_supplier', '等待供应商', 'Waiting on supplier'],
    ['logistics_in_transit', '物流在途', 'Logistics in transit'],
    ['parts_on_order', '备件订购中', 'Parts on order'],
  ].map(([code, zh, en]) => ({ type: 'pause_reason' as const, code: code!, zh: zh!, en: en! })),
  ...[
    ['phone', '电话'],
    ['ivr', 'IVR'],
    ['chat', '在线客服'],
    ['bot', '机器人'],
    ['portal', '工单门户'],
    ['email', '邮件'],
    ['wechat', '微信'],
    ['miniprogram', '小程序'],
    ['ecommerce', '电商平台'],
    ['app', 'App'],
    ['iot', 'IoT 设备'],
    ['api', 'API'],
    ['h5', 'H5 页面'],
  ].map(([code, zh]) => ({ type: 'channel' as const, code: code!, zh: zh!, en: code! })),
];
