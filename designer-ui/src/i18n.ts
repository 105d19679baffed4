import { useSyncExternalStore } from 'react';

/**
 * A small dictionary: zh-CN first, English as the alternative. Every visible string of the UI is a
 * key here; `{name}` placeholders are filled by `t(key, { name })`. The choice is kept in localStorage.
 */
const zh = {
  'app.name': 'Fixflow 售后服务平台',
  'app.tagline': '坐席工作台',
  'nav.tickets': '工单列表',
  'nav.new': '新建工单',
  'nav.signOut': '退出登录',
  'nav.language': 'English',
  'nav.languageTitle': '切换为英文',
  'nav.menu': '主导航',

  'common.loading': '加载中…',
  'common.refresh': '刷新',
  'common.retry': '重试',
  'common.cancel': '取消',
  'common.none': '—',
  'common.all': '全部',
  'common.back': '返回列表',
  'common.clear': '清空',
  'common.selected': '已选 {count} 项',
  'common.networkError': '无法连接服务器，请检查网络后重试。',
  'common.unexpected': '服务器返回了无法识别的响应（HTTP {status}）。',
  'common.forbidden': '当前令牌没有执行此操作的权限。',
  'common.notFound': '找不到该资源。',
  'common.sessionExpired': '登录已失效，请重新输入 API 令牌。',

  'signIn.title': '登录坐席工作台',
  'signIn.intro': '请粘贴管理员或坐席的 API 令牌。令牌仅保存在当前浏览器标签页中，关闭后需重新登录。',
  'signIn.token': 'API 令牌',
  'signIn.tokenPlaceholder': 'ffk_…',
  'signIn.tokenHint': '首次启动时在终端打印，也保存在 .data/admin-token 中。',
  'signIn.submit': '登录',
  'signIn.checking': '验证中…',
  'signIn.required': '请输入 API 令牌。',
  'signIn.invalid': '令牌无效或已被吊销。',

  'list.title': '工单列表',
  'list.subtitle': '按创建时间倒序',
  'list.filter.status': '状态',
  'list.filter.priority': '优先级',
  'list.filter.channel': '渠道',
  'list.filter.q': '搜索',
  'list.filter.qPlaceholder': '工单号、订单号或描述关键字',
  'list.filter.search': '搜索',
  'list.filter.reset': '重置筛选',
  'list.col.ticketId': '工单号',
  'list.col.status': '状态',
  'list.col.priority': '优先级',
  'list.col.channel': '渠道',
  'list.col.customer': '客户',
  'list.col.category': '分类',
  'list.col.region': '区域',
  'list.col.assignee': '处理人',
  'list.col.created': '创建时间',
  'list.col.ttr': '解决时限 (TTR)',
  'list.empty': '没有符合条件的工单。',
  'list.loadMore': '加载更多',
  'list.count': '已显示 {count} 条',
  'list.unassigned': '未分配',

  'detail.title': '工单 {id}',
  'detail.section.info': '工单信息',
  'detail.section.sla': '服务时限 (SLA)',
  'detail.section.actions': '处理操作',
  'detail.section.timeline': '处理记录',
  'detail.field.customerId': '客户编号',
  'detail.field.orderId': '订单号',
  'detail.field.sku': 'SKU',
  'detail.field.channel': '渠道',
  'detail.field.priority': '优先级',
  'detail.field.category': '分类',
  'detail.field.category1': '一级分类',
  'detail.field.category2': '二级分类',
  'detail.field.category3': '三级分类',
  'detail.field.status': '状态',
  'detail.field.note': '备注',
  'detail.field.region': '区域',
  'detail.field.entitlement': '权益',
  'detail.field.assigneeId': '处理人',
  'detail.field.groupId': '处理组',
  'detail.field.createdBy': '创建者',
  'detail.field.createdAt': '创建时间',
  'detail.field.updatedAt': '更新时间',
  'detail.field.resolvedAt': '解决时间',
  'detail.field.closedAt': '关闭时间',
  'detail.field.tags': '标签',
  'detail.field.attachments': '附件',
  'detail.field.description': '问题描述',
  'detail.field.resolution': '解决方案',
  'detail.attachment': '附件 {n}',
  'detail.notFound': '工单 {id} 不存在。',
  'detail.noActions': '当前状态下没有可执行的操作。',
  'detail.timelineEmpty': '暂无处理记录。',

  'sla.frt': '首次响应 (FRT)',
  'sla.ttr': '解决时限 (TTR)',
  'sla.due': '截止 {time}',
  'sla.remaining': '剩余 {duration}',
  'sla.overdue': '已超时 {duration}',
  'sla.paused': '已暂停 · 剩余 {duration}',
  'sla.pausedOverdue': '已暂停 · 超时 {duration}',
  'sla.met': '✓ 按时完成',
  'sla.metLate': '超时 {duration} 完成',
  'sla.doneAt': '完成于 {time}',
  'sla.breached': 'SLA 已违约',
  'sla.onTrack': 'SLA 正常',

  'duration.d': '{n}天',
  'duration.h': '{n}小时',
  'duration.m': '{n}分',
  'duration.s': '{n}秒',
  'duration.sep': '',

  'action.assign': '分配',
  'action.resolve': '解决',
  'action.close': '关闭工单',
  'action.assign.title': '分配处理人',
  'action.resolve.title': '填写解决方案',
  'action.close.title': '关闭工单',
  'action.assigneeId': '处理人 ID',
  'action.assigneeIdPlaceholder': 'agent_li',
  'action.groupId': '处理组 ID（可选）',
  'action.groupIdPlaceholder': 'senior_team',
  'action.note': '备注（可选）',
  'action.resolution': '解决方案',
  'action.resolutionPlaceholder': '更换主板后正常开机',
  'action.submitting': '提交中…',
  'action.done': '操作成功：{action}',
  'action.required': '此项必填。',
  'action.refused': '操作被拒绝',

  'new.title': '新建工单',
  'new.subtitle': '带 * 的为必填项。占位文字为示例数据。',
  'new.section.customer': '客户与订单',
  'new.section.problem': '问题信息',
  'new.section.extra': '补充信息',
  'new.field.customerId': '客户编号 *',
  'new.field.orderId': '订单号',
  'new.field.channel': '受理渠道 *',
  'new.field.channelPlaceholder': '请选择渠道',
  'new.field.priority': '优先级',
  'new.field.category1': '一级分类',
  'new.field.category2': '二级分类',
  'new.field.category3': '三级分类',
  'new.field.description': '问题描述 *',
  'new.field.attachments': '附件链接',
  'new.field.attachmentsHint': '每行一个 URL',
  'new.field.region': '区域',
  'new.field.sku': 'SKU',
  'new.field.entitlement': '权益',
  'new.field.tags': '标签',
  'new.field.tagsHint': '多个标签用逗号分隔',
  'new.fillExample': '填入示例',
  'new.submit': '创建工单',
  'new.submitting': '创建中…',
  'new.required': '此项必填。',
  'new.invalid': '请修正标出的字段后再提交。',
  'new.created': '工单 {id} 已创建。',
  'new.replayed': '该请求已提交过，返回已有工单 {id}。',

  'entitlement.in_warranty': '保内',
  'entitlement.out_of_warranty': '保外',
  'entitlement.extended_warranty': '延保',

  'priority.P1': 'P1 紧急',
  'priority.P2': 'P2 高',
  'priority.P3': 'P3 中',
  'priority.P4': 'P4 低',

  'status.new': '新建',
  'status.pending_assignment': '待分配',
  'status.pending_acceptance': '待接单',
  'status.pending_reassignment': '待重新分配',
  'status.in_progress': '处理中',
  'status.pending_customer': '待客户反馈',
  'status.on_hold': '挂起',
  'status.escalated': '已升级',
  'status.pending_review': '待审核/结算',
  'status.resolved': '已解决',
  'status.reopened': '已重开',
  'status.closed': '已关闭',

  'channel.phone': '电话',
  'channel.ivr': 'IVR',
  'channel.chat': '在线客服',
  'channel.bot': '机器人',
  'channel.portal': '门户',
  'channel.email': '邮件',
  'channel.wechat': '微信',
  'channel.miniprogram': '小程序',
  'channel.ecommerce': '电商',
  'channel.app': 'App',
  'channel.iot': 'IoT',
  'channel.api': 'API',

  'event.ticket.created': '创建工单',
  'event.ticket.queued': '进入待分配队列',
  'event.ticket.assign': '分配处理人',
  'event.ticket.resolve': '解决工单',
  'event.ticket.close': '关闭工单',
  'event.by': '操作人 {actor}',
  'event.system': '系统',
  'event.payload': '提交内容',
  'event.changes': '变更',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.name': 'Fixflow After-sales Service',
  'app.tagline': 'Agent console',
  'nav.tickets': 'Tickets',
  'nav.new': 'New ticket',
  'nav.signOut': 'Sign out',
  'nav.language': '中文',
  'nav.languageTitle': 'Switch to Chinese',
  'nav.menu': 'Main navigation',

  'common.loading': 'Loading…',
  'common.refresh': 'Refresh',
  'common.retry': 'Retry',
  'common.cancel': 'Cancel',
  'common.none': '—',
  'common.all': 'All',
  'common.back': 'Back to list',
  'common.clear': 'Clear',
  'common.selected': '{count} selected',
  'common.networkError': 'Cannot reach the server. Check the connection and try again.',
  'common.unexpected': 'The server sent an unexpected response (HTTP {status}).',
  'common.forbidden': 'This token is not allowed to do that.',
  'common.notFound': 'Not found.',
  'common.sessionExpired': 'Your session has expired. Please enter the API token again.',

  'signIn.title': 'Sign in to the agent console',
  'signIn.intro': 'Paste an admin or agent API token. It is kept only in this browser tab; closing the tab signs you out.',
  'signIn.token': 'API token',
  'signIn.tokenPlaceholder': 'ffk_…',
  'signIn.tokenHint': 'Printed in the terminal on first start and saved in .data/admin-token.',
  'signIn.submit': 'Sign in',
  'signIn.checking': 'Checking…',
  'signIn.required': 'Enter an API token.',
  'signIn.invalid': 'The token is invalid or has been revoked.',

  'list.title': 'Tickets',
  'list.subtitle': 'Newest first',
  'list.filter.status': 'Status',
  'list.filter.priority': 'Priority',
  'list.filter.channel': 'Channel',
  'list.filter.q': 'Search',
  'list.filter.qPlaceholder': 'Ticket, order or keyword',
  'list.filter.search': 'Search',
  'list.filter.reset': 'Reset filters',
  'list.col.ticketId': 'Ticket',
  'list.col.status': 'Status',
  'list.col.priority': 'Priority',
  'list.col.channel': 'Channel',
  'list.col.customer': 'Customer',
  'list.col.category': 'Category',
  'list.col.region': 'Region',
  'list.col.assignee': 'Assignee',
  'list.col.created': 'Created',
  'list.col.ttr': 'Resolve by (TTR)',
  'list.empty': 'No tickets match these filters.',
  'list.loadMore': 'Load more',
  'list.count': '{count} shown',
  'list.unassigned': 'Unassigned',

  'detail.title': 'Ticket {id}',
  'detail.section.info': 'Details',
  'detail.section.sla': 'Service levels (SLA)',
  'detail.section.actions': 'Actions',
  'detail.section.timeline': 'History',
  'detail.field.customerId': 'Customer',
  'detail.field.orderId': 'Order',
  'detail.field.sku': 'SKU',
  'detail.field.channel': 'Channel',
  'detail.field.priority': 'Priority',
  'detail.field.category': 'Category',
  'detail.field.category1': 'Category',
  'detail.field.category2': 'Subcategory',
  'detail.field.category3': 'Detail category',
  'detail.field.status': 'Status',
  'detail.field.note': 'Note',
  'detail.field.region': 'Region',
  'detail.field.entitlement': 'Entitlement',
  'detail.field.assigneeId': 'Assignee',
  'detail.field.groupId': 'Group',
  'detail.field.createdBy': 'Created by',
  'detail.field.createdAt': 'Created',
  'detail.field.updatedAt': 'Updated',
  'detail.field.resolvedAt': 'Resolved',
  'detail.field.closedAt': 'Closed',
  'detail.field.tags': 'Tags',
  'detail.field.attachments': 'Attachments',
  'detail.field.description': 'Description',
  'detail.field.resolution': 'Resolution',
  'detail.attachment': 'Attachment {n}',
  'detail.notFound': 'Ticket {id} does not exist.',
  'detail.noActions': 'No actions are available in this status.',
  'detail.timelineEmpty': 'No history yet.',

  'sla.frt': 'First response (FRT)',
  'sla.ttr': 'Resolution (TTR)',
  'sla.due': 'Due {time}',
  'sla.remaining': '{duration} left',
  'sla.overdue': 'Overdue by {duration}',
  'sla.paused': 'Paused · {duration} left',
  'sla.pausedOverdue': 'Paused · {duration} over',
  'sla.met': '✓ Met',
  'sla.metLate': 'Met {duration} late',
  'sla.doneAt': 'Done {time}',
  'sla.breached': 'SLA breached',
  'sla.onTrack': 'SLA on track',

  'duration.d': '{n}d',
  'duration.h': '{n}h',
  'duration.m': '{n}m',
  'duration.s': '{n}s',
  'duration.sep': ' ',

  'action.assign': 'Assign',
  'action.resolve': 'Resolve',
  'action.close': 'Close ticket',
  'action.assign.title': 'Assign to an agent',
  'action.resolve.title': 'Enter the resolution',
  'action.close.title': 'Close the ticket',
  'action.assigneeId': 'Assignee ID',
  'action.assigneeIdPlaceholder': 'agent_li',
  'action.groupId': 'Group ID (optional)',
  'action.groupIdPlaceholder': 'senior_team',
  'action.note': 'Note (optional)',
  'action.resolution': 'Resolution',
  'action.resolutionPlaceholder': 'Replaced the main board; the device starts normally',
  'action.submitting': 'Submitting…',
  'action.done': 'Done: {action}',
  'action.required': 'Required.',
  'action.refused': 'Action refused',

  'new.title': 'New ticket',
  'new.subtitle': 'Fields marked * are required. Placeholder text shows example data.',
  'new.section.customer': 'Customer and order',
  'new.section.problem': 'Problem',
  'new.section.extra': 'More',
  'new.field.customerId': 'Customer ID *',
  'new.field.orderId': 'Order ID',
  'new.field.channel': 'Channel *',
  'new.field.channelPlaceholder': 'Choose a channel',
  'new.field.priority': 'Priority',
  'new.field.category1': 'Category',
  'new.field.category2': 'Subcategory',
  'new.field.category3': 'Detail category',
  'new.field.description': 'Description *',
  'new.field.attachments': 'Attachment URLs',
  'new.field.attachmentsHint': 'One URL per line',
  'new.field.region': 'Region',
  'new.field.sku': 'SKU',
  'new.field.entitlement': 'Entitlement',
  'new.field.tags': 'Tags',
  'new.field.tagsHint': 'Separate tags with commas',
  'new.fillExample': 'Fill in example',
  'new.submit': 'Create ticket',
  'new.submitting': 'Creating…',
  'new.required': 'Required.',
  'new.invalid': 'Please fix the marked fields and submit again.',
  'new.created': 'Ticket {id} created.',
  'new.replayed': 'This request was already submitted; showing the existing ticket {id}.',

  'entitlement.in_warranty': 'In warranty',
  'entitlement.out_of_warranty': 'Out of warranty',
  'entitlement.extended_warranty': 'Extended warranty',

  'priority.P1': 'P1 Urgent',
  'priority.P2': 'P2 High',
  'priority.P3': 'P3 Normal',
  'priority.P4': 'P4 Low',

  'status.new': 'New',
  'status.pending_assignment': 'Pending assignment',
  'status.pending_acceptance': 'Pending acceptance',
  'status.pending_reassignment': 'Pending reassignment',
  'status.in_progress': 'In progress',
  'status.pending_customer': 'Waiting for customer',
  'status.on_hold': 'On hold',
  'status.escalated': 'Escalated',
  'status.pending_review': 'Pending review / settlement',
  'status.resolved': 'Resolved',
  'status.reopened': 'Reopened',
  'status.closed': 'Closed',

  'channel.phone': 'Phone',
  'channel.ivr': 'IVR',
  'channel.chat': 'Live chat',
  'channel.bot': 'Bot',
  'channel.portal': 'Portal',
  'channel.email': 'Email',
  'channel.wechat': 'WeChat',
  'channel.miniprogram': 'Mini program',
  'channel.ecommerce': 'E-commerce',
  'channel.app': 'App',
  'channel.iot': 'IoT',
  'channel.api': 'API',

  'event.ticket.created': 'Ticket created',
  'event.ticket.queued': 'Queued for assignment',
  'event.ticket.assign': 'Assigned',
  'event.ticket.resolve': 'Resolved',
  'event.ticket.close': 'Closed',
  'event.by': 'by {actor}',
  'event.system': 'system',
  'event.payload': 'Submitted data',
  'event.changes': 'Changes',
};

export type Lang = 'zh-CN' | 'en';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };
const STORAGE_KEY = 'fixflow.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    /* storage unavailable: fall back to the default */
  }
  return 'zh-CN';
}

let current: Lang = initialLang();
const listeners = new Set<() => void>();
document.documentElement.lang = current;

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* the choice just won't survive a reload */
  }
  document.documentElement.lang = lang;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Params = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = dictionaries[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** True when `key` names a message, for labels built from server values (status, channel, event type). */
export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zh, key);
}

export interface I18n {
  lang: Lang;
  t: (key: MessageKey, params?: Params) => string;
  /** The label for `${prefix}.${value}`, or the raw value when the dictionary has none (e.g. a status added later). */
  label: (prefix: 'status' | 'channel' | 'priority' | 'event' | 'entitlement', value: string) => string;
  setLang: (lang: Lang) => void;
}

export function useI18n(): I18n {
  const lang = useSyncExternalStore(subscribe, getLang);
  return {
    lang,
    t: (key, params) => translate(lang, key, params),
    label: (prefix, value) => {
      const key = `${prefix}.${value}`;
      return hasMessage(key) ? translate(lang, key) : value;
    },
    setLang,
  };
}
