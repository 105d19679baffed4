import { useSyncExternalStore } from 'react';

/**
 * The engineer pages' own words, zh-CN first with English. Kept apart from src/i18n.ts so this
 * route's bundle stays small on a phone network (that dictionary is the whole console's); the
 * language choice is the same stored one (`fixflow.lang`).
 */
const zh = {
  brand: 'Fixflow 工程师',
  language: 'English',
  signInTitle: '工程师登录',
  username: '用户名',
  password: '密码',
  signIn: '登录',
  signingIn: '登录中…',
  badPassword: '用户名或密码错误。',
  useToken: '改用 API 令牌',
  usePassword: '改用用户名密码',
  token: 'API 令牌',
  engineerId: '工程师编号（令牌未绑定工程师时填写）',
  mustChange: '首次登录请先在电脑端修改初始密码。',
  signOut: '退出',
  myTasks: '我的任务',
  today: '今天',
  list: '列表',
  map: '地图',
  noTasks: '这几天没有任务。',
  loading: '加载中…',
  offline: '当前离线，操作将在联网后继续。',
  queued: '待上传 {n} 个文件',
  networkError: '网络异常，请稍后重试。',
  retry: '重试',
  back: '返回任务',
  navigate: '导航',
  amap: '高德地图',
  baidu: '百度地图',
  geo: '其他地图',
  window: '时间窗',
  address: '地址',
  description: '问题描述',
  purpose_repair: '维修',
  purpose_patrol: '巡查',
  'purpose_follow-up': '回访',
  accept: '接单',
  dispute: '有异议',
  disputeReason: '异议原因（将退回重新派单）',
  submitDispute: '提交异议',
  depart: '出发',
  checkIn: '到达签到（定位）',
  checkInNoGps: '无定位签到',
  locating: '正在定位…',
  gpsFailed: '无法获取定位：{reason}',
  checkedIn: '已签到，距离安装点 {m} 米',
  checkInFlagged: '签到位置偏离安装点，已通知组长',
  workRecord: '维修记录',
  patrolRecord: '巡查 / 回访记录',
  summary: '处理情况',
  photos: '现场照片 / 视频',
  addPhoto: '拍照 / 录像',
  uploaded: '已上传 {n} 个',
  waitUploads: '请等待文件上传完成',
  partsUsed: '使用备件（车载库存）',
  noParts: '车上没有备件。',
  inVan: '车上 {n}',
  reserved: '本单预留 {n}',
  saveRecord: '提交记录',
  signature: '客户签字',
  signHere: '请客户在此处签字',
  clear: '清除',
  confirmSign: '确认签字',
  signEmpty: '请先签字。',
  receipt: '服务回执',
  receiptNo: '回执号',
  parts: '备件',
  fees: '费用',
  total: '合计',
  followUp: '回访评价',
  rating: '满意度（1–5）',
  comment: '客户意见',
  submitFollowUp: '提交评价',
  waiting: '等待中：{status}',
  done: '任务已完成',
  notYours: '这不是您的任务。',
  notLinked: '当前账号未绑定工程师，请联系管理员。',
  status_pending_schedule: '待排程',
  status_pending_confirmation: '待客户确认',
  status_waiting_parts: '待备件',
  status_pending_acceptance: '待接单',
  status_scheduled: '待上门',
  status_on_the_way: '在途',
  status_on_site: '服务中',
  status_pending_signature: '待签字',
  status_issuing_receipt: '出具回执中',
  status_pending_followup: '待回访',
  status_exception: '异常',
  status_closed: '已完成',
  status_cancelled: '已取消',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  brand: 'Fixflow engineer',
  language: '中文',
  signInTitle: 'Engineer sign-in',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  badPassword: 'Wrong username or password.',
  useToken: 'Use an API token',
  usePassword: 'Use username and password',
  token: 'API token',
  engineerId: 'Engineer id (when the token is not linked to one)',
  mustChange: 'First sign-in: change the initial password on the console first.',
  signOut: 'Sign out',
  myTasks: 'My tasks',
  today: 'Today',
  list: 'List',
  map: 'Map',
  noTasks: 'No tasks these days.',
  loading: 'Loading…',
  offline: 'Offline: work continues when the network is back.',
  queued: '{n} file(s) waiting to upload',
  networkError: 'Network problem, try again shortly.',
  retry: 'Retry',
  back: 'Back to tasks',
  navigate: 'Navigate',
  amap: 'Amap',
  baidu: 'Baidu Maps',
  geo: 'Other map app',
  window: 'Window',
  address: 'Address',
  description: 'Problem',
  purpose_repair: 'Repair',
  purpose_patrol: 'Patrol',
  'purpose_follow-up': 'Follow-up',
  accept: 'Accept',
  dispute: 'Dispute',
  disputeReason: 'Reason (sent back for re-dispatch)',
  submitDispute: 'Send dispute',
  depart: 'Depart',
  checkIn: 'Check in (location)',
  checkInNoGps: 'Check in without location',
  locating: 'Locating…',
  gpsFailed: 'No location: {reason}',
  checkedIn: 'Checked in, {m} m from the site',
  checkInFlagged: 'Check-in far from the site; the team lead was told',
  workRecord: 'Work record',
  patrolRecord: 'Patrol / follow-up record',
  summary: 'What was done',
  photos: 'Photos / video',
  addPhoto: 'Take photo / video',
  uploaded: '{n} uploaded',
  waitUploads: 'Wait for the uploads to finish',
  partsUsed: 'Parts used (van stock)',
  noParts: 'No parts in the van.',
  inVan: 'in van {n}',
  reserved: 'reserved {n}',
  saveRecord: 'Save record',
  signature: 'Customer signature',
  signHere: 'Customer signs here',
  clear: 'Clear',
  confirmSign: 'Confirm signature',
  signEmpty: 'Sign first.',
  receipt: 'Receipt',
  receiptNo: 'Receipt no.',
  parts: 'Parts',
  fees: 'Fees',
  total: 'Total',
  followUp: 'Follow-up rating',
  rating: 'Satisfaction (1–5)',
  comment: 'Customer comment',
  submitFollowUp: 'Send rating',
  waiting: 'Waiting: {status}',
  done: 'Task finished',
  notYours: 'This is not your task.',
  notLinked: 'This account is not linked to an engineer; ask an admin.',
  status_pending_schedule: 'To schedule',
  status_pending_confirmation: 'Customer to confirm',
  status_waiting_parts: 'Waiting for parts',
  status_pending_acceptance: 'To accept',
  status_scheduled: 'Scheduled',
  status_on_the_way: 'On the way',
  status_on_site: 'On site',
  status_pending_signature: 'To sign',
  status_issuing_receipt: 'Issuing receipt',
  status_pending_followup: 'Follow-up',
  status_exception: 'Exception',
  status_closed: 'Done',
  status_cancelled: 'Cancelled',
};

export type Lang = 'zh-CN' | 'en';
const STORAGE_KEY = 'fixflow.lang';
const listeners = new Set<() => void>();
let current: Lang = (() => {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
})();
document.documentElement.lang = current;

function setLang(lang: Lang): void {
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* not kept */
  }
  document.documentElement.lang = lang;
  for (const l of listeners) l();
}

export function useT() {
  const lang = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
  const dict: Record<Key, string> = lang === 'en' ? en : zh;
  const t = (key: Key | string, params?: Record<string, string | number>) => {
    let text = (dict as Record<string, string>)[key] ?? key;
    for (const [k, v] of Object.entries(params ?? {})) text = text.replace(`{${k}}`, String(v));
    return text;
  };
  return { t, lang, toggle: () => setLang(lang === 'en' ? 'zh-CN' : 'en') };
}

/** ¥ from fen. */
export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** 2032-03-02 10:00 in China time, as the desk plans. */
export function cstTime(iso: string | null, withDate = false): string {
  if (!iso) return '—';
  const d = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return withDate ? `${d.slice(5, 10)} ${d.slice(11, 16)}` : d.slice(11, 16);
}

export const cstDate = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10) : '');
