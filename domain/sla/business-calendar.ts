/**
 * Business calendars: which instants count as working time for an SLA clock.
 *
 * Pure and deterministic (Intl only), so the ticket workflow, the API and the designer all
 * compute the same deadlines. Times of day are local to the calendar's IANA time zone; days are
 * local calendar dates. A holiday removes a day's hours; a make-up workday (调休) gives a
 * weekend day the hours of `makeupHours`.
 */

const DAY_MINUTES = 24 * 60;
/** Longest a deadline search may walk before the calendar is declared to have no working time. */
const MAX_DAYS_SEARCHED = 3 * 366;

/** [start, end) in minutes after local midnight, e.g. [540, 1080] for 09:00–18:00. */
export type WorkingInterval = readonly [number, number];

export interface BusinessCalendar {
  id: string;
  /** IANA zone, e.g. Asia/Shanghai */
  timeZone: string;
  /** round the clock: every instant is working time (P1, premium contracts) */
  alwaysOpen?: boolean;
  /** working intervals by weekday, 0 = Sunday … 6 = Saturday */
  week?: Partial<Record<0 | 1 | 2 | 3 | 4 | 5 | 6, readonly WorkingInterval[]>>;
  /** local dates (YYYY-MM-DD) with no working time */
  holidays?: readonly string[];
  /** local dates (YYYY-MM-DD) worked although they fall on a weekend */
  makeupWorkdays?: readonly string[];
  /** the hours of a make-up workday; defaults to Monday's */
  makeupHours?: readonly WorkingInterval[];
}

export class CalendarError extends Error {
  override name = 'CalendarError';
}

const NINE_TO_SIX: readonly WorkingInterval[] = [[9 * 60, 18 * 60]];

/** The calendars every installation starts with; policies refer to them by id. */
export const STANDARD_CALENDARS: Record<string, BusinessCalendar> = {
  '24x7': { id: '24x7', timeZone: 'Asia/Shanghai', alwaysOpen: true },
  'cn-business': {
    id: 'cn-business',
    timeZone: 'Asia/Shanghai',
    week: { 1: NINE_TO_SIX, 2: NINE_TO_SIX, 3: NINE_TO_SIX, 4: NINE_TO_SIX, 5: NINE_TO_SIX },
    holidays: [],
    makeupWorkdays: [],
  },
};

interface LocalDate {
  y: number;
  m: number;
  d: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new CalendarError(`unknown time zone '${timeZone}'`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a zone. */
function wallClock(instant: number, timeZone: string): LocalDate & { minute: number; ms: number } {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    y: parts.year!,
    m: parts.month!,
    d: parts.day!,
    minute: parts.hour! * 60 + parts.minute!,
    ms: parts.second! * 1000 + (((instant % 1000) + 1000) % 1000),
  };
}

/** Offset of the zone from UTC at an instant, in ms. */
function zoneOffset(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, 0, w.minute) + w.ms;
  return asUtc - instant;
}

/** The instant at which a local date + minute-of-day occurs (the later reading across a DST gap). */
function localToInstant(date: LocalDate, minuteOfDay: number, timeZone: string): number {
  const naive = Date.UTC(date.y, date.m - 1, date.d, 0, minuteOfDay);
  const first = naive - zoneOffset(naive, timeZone);
  const second = naive - zoneOffset(first, timeZone);
  return second;
}

function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function isoDate(date: LocalDate): string {
  return `${String(date.y).padStart(4, '0')}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
}

function weekday(date: LocalDate): 0 | 1 | 2 | 3 | 4 | 5 | 6 {
  return new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay() as 0 | 1 | 2 | 3 | 4 | 5 | 6;
}

/** Working intervals of one local date, before mapping to instants. */
export function workingHoursOn(cal: BusinessCalendar, date: string): readonly WorkingInterval[] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return hoursOn(cal, { y, m, d });
}

function hoursOn(cal: BusinessCalendar, date: LocalDate): readonly WorkingInterval[] {
  if (cal.alwaysOpen) return [[0, DAY_MINUTES]];
  const key = isoDate(date);
  if (cal.holidays?.includes(key)) return [];
  if (cal.makeupWorkdays?.includes(key)) return cal.makeupHours ?? cal.week?.[1] ?? NINE_TO_SIX;
  return cal.week?.[weekday(date)] ?? [];
}

/** The working spans of one local date as [from, to) instants, in order. */
function spansOn(cal: BusinessCalendar, date: LocalDate): [number, number][] {
  return hoursOn(cal, date)
    .map(([s, e]) => [localToInstant(date, s, cal.timeZone), localToInstant(date, e, cal.timeZone)] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
}

/** Checks a calendar once, where it is defined, rather than failing later inside a workflow. */
export function checkCalendar(cal: BusinessCalendar): string[] {
  const problems: string[] = [];
  try {
    formatterFor(cal.timeZone);
  } catch (err) {
    problems.push((err as Error).message);
  }
  const dateRe = /^\d{4}-\d{2}-\d{2}$/;
  for (const d of [...(cal.holidays ?? []), ...(cal.makeupWorkdays ?? [])])
    if (!dateRe.test(d)) problems.push(`'${d}' is not a YYYY-MM-DD date`);
  for (const [day, intervals] of Object.entries(cal.week ?? {})) {
    for (const [s, e] of intervals ?? []) {
      if (!(s >= 0 && e <= DAY_MINUTES && s < e)) problems.push(`weekday ${day}: interval [${s}, ${e}] is not within one day`);
    }
  }
  if (!cal.alwaysOpen && !Object.values(cal.week ?? {}).some((i) => (i ?? []).length > 0))
    problems.push('the calendar has no working hours');
  return problems;
}

/**
 * The instant at which `businessMs` of working time has passed after `from`. Zero or less returns
 * `from` itself: a target already used up is due now.
 */
export function addBusinessTime(cal: BusinessCalendar, from: Date, businessMs: number): Date {
  if (businessMs <= 0) return new Date(from.getTime());
  if (cal.alwaysOpen) return new Date(from.getTime() + businessMs);
  let remaining = businessMs;
  const start = from.getTime();
  let date: LocalDate = wallClock(start, cal.timeZone);
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++, date = addDays(date, 1)) {
    for (const [s, e] of spansOn(cal, date)) {
      const begin = Math.max(s, start);
      if (e <= begin) continue;
      if (remaining <= e - begin) return new Date(begin + remaining);
      remaining -= e - begin;
    }
  }
  throw new CalendarError(`calendar '${cal.id}' has no working time within ${MAX_DAYS_SEARCHED} days of ${from.toISOString()}`);
}

/** Working time between two instants (negative when `to` is before `from`). */
export function businessTimeBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b < a) return -businessTimeBetween(cal, to, from);
  if (cal.alwaysOpen) return b - a;
  let total = 0;
  let date: LocalDate = wallClock(a, cal.timeZone);
  const last = wallClock(b, cal.timeZone);
  const lastKey = isoDate(last);
  for (let i = 0; i <= MAX_DAYS_SEARCHED; i++, date = addDays(date, 1)) {
    for (const [s, e] of spansOn(cal, date)) {
      const lo = Math.max(s, a);
      const hi = Math.min(e, b);
      if (hi > lo) total += hi - lo;
    }
    if (isoDate(date) >= lastKey) break;
  }
  return total;
}
