import { fromLocal, isTimeZone, toLocal, type LocalDateTime } from './zoned-time';

/**
 * A fixed maintenance cycle: every N months from a start date, on that day of the month, at a
 * time of day in the customer's time zone. Turned here into a Temporal Schedule spec, and into
 * the list of firings the same spec produces (for backfill answers and checks). Pure.
 */
export interface MaintenanceCycle {
  everyMonths: number;
  /** YYYY-MM-DD, the first firing's date; its day of the month (1–28) is every firing's */
  startDate: string;
  /** HH:MM or HH:MM:SS, wall clock in `timeZone` */
  timeOfDay: string;
  /** IANA name, e.g. Asia/Shanghai */
  timeZone: string;
  /** YYYY-MM-DD, last day a firing may fall on (inclusive) */
  endDate?: string;
}

export const MAX_EVERY_MONTHS = 120;
/** Calendar specs need an end year for a stepped year range; far beyond any contract. */
export const LAST_SCHEDULE_YEAR = 2099;
export const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;
export type MonthName = (typeof MONTHS)[number];

/** Structurally a Temporal CalendarSpec (the domain does not import the client SDK). */
export interface CycleCalendar {
  second: number;
  minute: number;
  hour: number;
  dayOfMonth: number;
  month: MonthName | MonthName[];
  year: number | { start: number; end: number; step: number } | '*';
  comment?: string;
}

export interface CycleScheduleSpec {
  calendars: CycleCalendar[];
  skip: CycleCalendar[];
  timezone: string;
  startAt: Date;
  endAt?: Date;
}

export interface CycleProblem {
  field: string;
  message: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

function parseDate(s: string): { year: number; month: number; day: number } | null {
  const m = DATE.exec(s);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** What is wrong with a cycle, by field; empty when it can be scheduled. */
export function checkCycle(c: MaintenanceCycle): CycleProblem[] {
  const problems: CycleProblem[] = [];
  if (!Number.isInteger(c.everyMonths) || c.everyMonths < 1 || c.everyMonths > MAX_EVERY_MONTHS) {
    problems.push({ field: 'everyMonths', message: `a whole number of months from 1 to ${MAX_EVERY_MONTHS}` });
  }
  const start = parseDate(c.startDate);
  if (!start) problems.push({ field: 'startDate', message: 'a date as YYYY-MM-DD' });
  // Day 29–31 would silently skip the months that lack it; ask for a day every month has.
  else if (start.day > 28) problems.push({ field: 'startDate', message: 'the day of the month must be 1–28 so that every month has it' });
  else if (start.year >= LAST_SCHEDULE_YEAR) problems.push({ field: 'startDate', message: `must be before ${LAST_SCHEDULE_YEAR}` });
  if (!TIME.test(c.timeOfDay)) problems.push({ field: 'timeOfDay', message: 'a time as HH:MM or HH:MM:SS (24-hour)' });
  if (!isTimeZone(c.timeZone)) problems.push({ field: 'timeZone', message: 'not an IANA time zone (e.g. Asia/Shanghai)' });
  if (c.endDate !== undefined) {
    const end = parseDate(c.endDate);
    if (!end) problems.push({ field: 'endDate', message: 'a date as YYYY-MM-DD' });
    else if (start && c.endDate < c.startDate) problems.push({ field: 'endDate', message: 'must not be before startDate' });
  }
  return problems;
}

function assertCycle(c: MaintenanceCycle): void {
  const problems = checkCycle(c);
  if (problems.length) throw new Error(`invalid maintenance cycle: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
}

function timeOf(c: MaintenanceCycle): { hour: number; minute: number; second: number } {
  const m = TIME.exec(c.timeOfDay)!;
  return { hour: Number(m[1]), minute: Number(m[2]), second: Number(m[3] ?? 0) };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The k-th firing (k = 0 is the start date) as a wall-clock reading. */
function localFiring(c: MaintenanceCycle, k: number): LocalDateTime {
  const start = parseDate(c.startDate)!;
  const index = start.year * 12 + (start.month - 1) + k * c.everyMonths;
  return { year: Math.floor(index / 12), month: (index % 12) + 1, day: start.day, ...timeOf(c) };
}

/** The end of the cycle: the last second of endDate in the cycle's zone. */
function endInstant(c: MaintenanceCycle): Date | undefined {
  if (!c.endDate) return undefined;
  const end = parseDate(c.endDate)!;
  return fromLocal({ ...end, hour: 23, minute: 59, second: 59 }, c.timeZone);
}

/**
 * The Temporal Schedule spec of a cycle. Months repeat with period lcm(N, 12): when N divides 12
 * one calendar lists the months; otherwise each month of the year the cycle visits gets its own
 * calendar whose years step by N / gcd(N, 12) (every 5 months: 12 calendars, each every 5 years).
 * `startAt` keeps the months before the start date in its first year from firing.
 */
export function cycleScheduleSpec(c: MaintenanceCycle, skipped: readonly Date[] = []): CycleScheduleSpec {
  assertCycle(c);
  const g = gcd(c.everyMonths, 12);
  const perYear = 12 / g;
  const yearStep = c.everyMonths / g;
  const { hour, minute, second } = timeOf(c);
  const day = parseDate(c.startDate)!.day;
  const firstOfEach = Array.from({ length: perYear }, (_, k) => localFiring(c, k));
  const calendars: CycleCalendar[] =
    yearStep === 1
      ? [
          {
            second,
            minute,
            hour,
            dayOfMonth: day,
            month: [...new Set(firstOfEach.map((l) => l.month))].sort((a, b) => a - b).map((m) => MONTHS[m - 1]!),
            year: '*',
            comment: `every ${c.everyMonths} month(s) on day ${day} at ${c.timeOfDay}`,
          },
        ]
      : firstOfEach.map((l) => ({
          second,
          minute,
          hour,
          dayOfMonth: day,
          month: MONTHS[l.month - 1]!,
          year: { start: l.year, end: LAST_SCHEDULE_YEAR, step: yearStep },
          comment: `every ${c.everyMonths} months: ${MONTHS[l.month - 1]} of every ${yearStep} years from ${l.year}`,
        }));
  return {
    calendars,
    skip: skipped.map((t) => skipCalendar(t, c.timeZone)),
    timezone: c.timeZone,
    startAt: fromLocal(localFiring(c, 0), c.timeZone),
    ...(c.endDate ? { endAt: endInstant(c) } : {}),
  };
}

/** A calendar matching exactly one instant (to the second) in `timeZone`: a skip entry. */
export function skipCalendar(instant: Date, timeZone: string): CycleCalendar {
  const l = toLocal(instant, timeZone);
  return {
    second: l.second,
    minute: l.minute,
    hour: l.hour,
    dayOfMonth: l.day,
    month: MONTHS[l.month - 1]!,
    year: l.year,
    comment: `skip ${instant.toISOString()}`,
  };
}

/**
 * The cycle's firings in [from, to] (both inclusive, as Temporal backfills), skipped instants
 * left out, at most `limit` of them.
 */
export function firingsBetween(c: MaintenanceCycle, from: Date, to: Date, skipped: readonly Date[] = [], limit = 1000): Date[] {
  assertCycle(c);
  const skip = new Set(skipped.map((d) => d.getTime()));
  const end = endInstant(c);
  const out: Date[] = [];
  // Jump to just before `from` instead of walking from the start date.
  const start = parseDate(c.startDate)!;
  const fromLocalReading = toLocal(from, c.timeZone);
  const monthsToFrom = fromLocalReading.year * 12 + fromLocalReading.month - (start.year * 12 + start.month);
  let k = Math.max(0, Math.floor(monthsToFrom / c.everyMonths) - 1);
  for (; out.length < limit; k++) {
    const local = localFiring(c, k);
    if (local.year > LAST_SCHEDULE_YEAR) break;
    const at = fromLocal(local, c.timeZone);
    if (at > to || (end && at > end)) break;
    if (at >= from && !skip.has(at.getTime())) out.push(at);
  }
  return out;
}

/** The next `count` firings strictly after `after`. */
export function nextFirings(c: MaintenanceCycle, after: Date, count: number, skipped: readonly Date[] = []): Date[] {
  return firingsBetween(c, new Date(after.getTime() + 1), new Date(Date.UTC(LAST_SCHEDULE_YEAR, 11, 31, 23, 59, 59)), skipped, count);
}
