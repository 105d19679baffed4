import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCycle, cycleScheduleSpec, firingsBetween, nextFirings, skipCalendar, type MaintenanceCycle } from './maintenance-cycle';
import { formatLocal, fromLocal, toLocal } from './zoned-time';

const quarterly: MaintenanceCycle = { everyMonths: 3, startDate: '2026-01-15', timeOfDay: '09:30', timeZone: 'Asia/Shanghai' };
const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe('zoned time', () => {
  it('converts wall clock in Asia/Shanghai (UTC+8, no DST) both ways', () => {
    const at = fromLocal({ year: 2026, month: 1, day: 15, hour: 9, minute: 30, second: 0 }, 'Asia/Shanghai');
    assert.equal(at.toISOString(), '2026-01-15T01:30:00.000Z');
    assert.deepEqual(toLocal(at, 'Asia/Shanghai'), { year: 2026, month: 1, day: 15, hour: 9, minute: 30, second: 0 });
    assert.equal(formatLocal(at, 'Asia/Shanghai'), '2026-01-15 09:30');
  });

  it('follows daylight saving time where there is one', () => {
    // Berlin: UTC+1 in January, UTC+2 in July.
    assert.equal(
      fromLocal({ year: 2026, month: 1, day: 10, hour: 9, minute: 0, second: 0 }, 'Europe/Berlin').toISOString(),
      '2026-01-10T08:00:00.000Z',
    );
    assert.equal(
      fromLocal({ year: 2026, month: 7, day: 10, hour: 9, minute: 0, second: 0 }, 'Europe/Berlin').toISOString(),
      '2026-07-10T07:00:00.000Z',
    );
    // 2026-03-29 02:30 does not exist in Berlin (clocks jump 02:00 → 03:00): 03:30 summer time, as if the jump came later.
    const inGap = fromLocal({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin');
    assert.equal(inGap.toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(formatLocal(inGap, 'Europe/Berlin'), '2026-03-29 03:30');
    // New York jumps at 02:00 too, with negative offsets.
    assert.equal(
      fromLocal({ year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 }, 'America/New_York').toISOString(),
      '2026-03-08T07:30:00.000Z',
    );
  });
});

describe('maintenance cycle → Temporal Schedule spec', () => {
  it('refuses what cannot be scheduled, by field', () => {
    const fields = (c: Partial<MaintenanceCycle>) => checkCycle({ ...quarterly, ...c }).map((p) => p.field);
    assert.deepEqual(fields({}), []);
    assert.deepEqual(fields({ everyMonths: 0 }), ['everyMonths']);
    assert.deepEqual(fields({ everyMonths: 1.5 }), ['everyMonths']);
    assert.deepEqual(fields({ startDate: '2026-02-30' }), ['startDate']);
    assert.deepEqual(fields({ startDate: '2026-01-31' }), ['startDate'], 'day 31 would skip short months');
    assert.deepEqual(fields({ timeOfDay: '24:00' }), ['timeOfDay']);
    assert.deepEqual(fields({ timeZone: 'Mars/Olympus' }), ['timeZone']);
    assert.deepEqual(fields({ endDate: '2025-12-31' }), ['endDate']);
  });

  it('a cycle dividing the year is one calendar listing its months, starting at the first firing', () => {
    const spec = cycleScheduleSpec(quarterly);
    assert.equal(spec.timezone, 'Asia/Shanghai');
    assert.equal(spec.startAt.toISOString(), '2026-01-15T01:30:00.000Z');
    assert.equal(spec.calendars.length, 1);
    const [c] = spec.calendars;
    assert.deepEqual(c!.month, ['JANUARY', 'APRIL', 'JULY', 'OCTOBER']);
    assert.deepEqual([c!.dayOfMonth, c!.hour, c!.minute, c!.second, c!.year], [15, 9, 30, 0, '*']);
    assert.equal(spec.endAt, undefined);
  });

  it('starting mid-year, the months wrap around and startAt keeps the earlier ones of the first year out', () => {
    const spec = cycleScheduleSpec({ ...quarterly, startDate: '2026-11-25', everyMonths: 6 });
    assert.deepEqual(spec.calendars[0]!.month, ['MAY', 'NOVEMBER']);
    assert.equal(spec.startAt.toISOString(), '2026-11-25T01:30:00.000Z');
  });

  it('a cycle not dividing the year gets one calendar per month it visits, with years stepping', () => {
    const spec = cycleScheduleSpec({ everyMonths: 5, startDate: '2026-11-25', timeOfDay: '09:30:15', timeZone: 'Asia/Shanghai' });
    assert.equal(spec.calendars.length, 12);
    const first = spec.calendars.slice(0, 3).map((c) => [c.month, c.year]);
    assert.deepEqual(first, [
      ['NOVEMBER', { start: 2026, end: 2099, step: 5 }],
      ['APRIL', { start: 2027, end: 2099, step: 5 }],
      ['SEPTEMBER', { start: 2027, end: 2099, step: 5 }],
    ]);
    assert.equal(spec.calendars[0]!.second, 15);
    // Every 24 months: one calendar, every other year.
    const biennial = cycleScheduleSpec({ ...quarterly, everyMonths: 24 });
    assert.deepEqual(
      biennial.calendars.map((c) => [c.month, c.year]),
      [['JANUARY', { start: 2026, end: 2099, step: 2 }]],
    );
  });

  it('an end date ends the schedule at the end of that day, local time', () => {
    const spec = cycleScheduleSpec({ ...quarterly, endDate: '2027-12-31' });
    assert.equal(spec.endAt!.toISOString(), '2027-12-31T15:59:59.000Z');
  });

  it('skipped firings become skip calendars matching exactly that local instant', () => {
    const skipped = new Date('2026-04-15T01:30:00Z');
    const spec = cycleScheduleSpec(quarterly, [skipped]);
    assert.deepEqual(spec.skip, [skipCalendar(skipped, 'Asia/Shanghai')]);
    assert.deepEqual(
      [spec.skip[0]!.year, spec.skip[0]!.month, spec.skip[0]!.dayOfMonth, spec.skip[0]!.hour, spec.skip[0]!.minute, spec.skip[0]!.second],
      [2026, 'APRIL', 15, 9, 30, 0],
    );
  });
});

describe('maintenance cycle firings', () => {
  it('lists the firings in a range, both ends inclusive, in the customer zone', () => {
    const got = firingsBetween(quarterly, new Date('2026-01-15T01:30:00Z'), new Date('2026-10-15T01:30:00Z'));
    assert.deepEqual(iso(got), [
      '2026-01-15T01:30:00.000Z',
      '2026-04-15T01:30:00.000Z',
      '2026-07-15T01:30:00.000Z',
      '2026-10-15T01:30:00.000Z',
    ]);
    assert.deepEqual(iso(firingsBetween(quarterly, new Date('2026-01-15T01:30:01Z'), new Date('2026-04-15T01:29:59Z'))), []);
  });

  it('leaves out skipped firings and stops at the end date', () => {
    const got = firingsBetween(
      { ...quarterly, endDate: '2026-09-30' },
      new Date('2025-01-01T00:00:00Z'),
      new Date('2030-01-01T00:00:00Z'),
      [new Date('2026-04-15T01:30:00Z')],
    );
    assert.deepEqual(iso(got), ['2026-01-15T01:30:00.000Z', '2026-07-15T01:30:00.000Z']);
  });

  it('every 5 months crosses years exactly', () => {
    const c: MaintenanceCycle = { everyMonths: 5, startDate: '2026-11-25', timeOfDay: '09:30', timeZone: 'Asia/Shanghai' };
    assert.deepEqual(iso(nextFirings(c, new Date('2026-01-01T00:00:00Z'), 4)), [
      '2026-11-25T01:30:00.000Z',
      '2027-04-25T01:30:00.000Z',
      '2027-09-25T01:30:00.000Z',
      '2028-02-25T01:30:00.000Z',
    ]);
    // far from the start, without walking from it: month index 2026·12+10 + 5k first passes 2040-01 at 2040-03
    assert.deepEqual(iso(nextFirings(c, new Date('2040-01-01T00:00:00Z'), 1)), ['2040-03-25T01:30:00.000Z']);
  });

  it('the next firing is strictly after the given instant', () => {
    assert.deepEqual(iso(nextFirings(quarterly, new Date('2026-04-15T01:30:00Z'), 1)), ['2026-07-15T01:30:00.000Z']);
  });
});
