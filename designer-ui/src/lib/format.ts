import type { I18n, Lang } from '../i18n';

const dateTimeFormats = new Map<Lang, Intl.DateTimeFormat>();

/** An ISO time in the browser's local time zone, e.g. 2026/11/22 14:05. */
export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let f = dateTimeFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    dateTimeFormats.set(lang, f);
  }
  return f.format(d);
}

/** A duration as its two largest units: "2天3小时", "1h 5m", "4m 10s". */
export function formatDuration(ms: number, t: I18n['t']): string {
  const total = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const units: string[] = [];
  if (d > 0) units.push(t('duration.d', { n: d }), t('duration.h', { n: h }));
  else if (h > 0) units.push(t('duration.h', { n: h }), t('duration.m', { n: m }));
  else units.push(t('duration.m', { n: m }), t('duration.s', { n: s }));
  return units.join(t('duration.sep'));
}

/** A whole number of minutes without its zero units, for SLA targets: "4小时", "1d 12h", "30m". */
export function formatMinutes(minutes: number, t: I18n['t']): string {
  const total = Math.max(0, Math.round(minutes));
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  const units: string[] = [];
  if (d > 0) units.push(t('duration.d', { n: d }));
  if (h > 0) units.push(t('duration.h', { n: h }));
  if (m > 0 || units.length === 0) units.push(t('duration.m', { n: m }));
  return units.join(t('duration.sep'));
}
