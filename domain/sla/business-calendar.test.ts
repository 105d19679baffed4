import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addBusinessTime,
  businessTimeBetween,
  checkCalendar,
  STANDARD_CALENDARS,
  workingHoursOn,
  type BusinessCalendar,
} from './business-calendar';

const HOUR = 3_600_000;
const shanghai = STANDARD_CALENDARS['cn-business']!;
/** Shanghai wall time → instant (UTC+8, no DST). */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('business calendar', () => {
  it('P3 first response: Friday 17:00 + 8 business hours is Monday 16:00', () => {
    // 2026-11-20 is a Friday: 1 h on Friday, 7 h on Monday from 09:00.
    assert.equal(addBusinessTime(shanghai, sh('2026-11-20T17:00:00'), 8 * HOUR).toISOString(), sh('2026-11-23T16:00:00').toISOString());
  });

  it('a public holiday on that Monday moves the deadline to Tuesday 16:00', () => {
    const withHoliday: BusinessCalendar = { ...shanghai, id: 'cn-holiday', holidays: ['2026-11-23'] };
    assert.equal(addBusinessTime(withHoliday, sh('2026-11-20T17:00:00'), 8 * HOUR).toISOString(), sh('2026-11-24T16:00:00').toISOString());
  });

  it('a make-up workday on Saturday counts with Monday hours', () => {
    const withMakeup: BusinessCalendar = { ...shanghai, id: 'cn-makeup', makeupWorkdays: ['2026-11-21'] };
    assert.deepEqual(workingHoursOn(withMakeup, '2026-11-21'), [[540, 1080]]);
    assert.equal(addBusinessTime(withMakeup, sh('2026-11-20T17:00:00'), 8 * HOUR).toISOString(), sh('2026-11-21T16:00:00').toISOString());
  });

  it('time outside working hours counts nothing; a start before opening begins at 09:00', () => {
    assert.equal(addBusinessTime(shanghai, sh('2026-11-23T06:30:00'), 30 * 60_000).toISOString(), sh('2026-11-23T09:30:00').toISOString());
    assert.equal(businessTimeBetween(shanghai, sh('2026-11-20T18:00:00'), sh('2026-11-23T09:00:00')), 0);
    assert.equal(businessTimeBetween(shanghai, sh('2026-11-20T17:00:00'), sh('2026-11-23T16:00:00')), 8 * HOUR);
  });

  it('adding then measuring returns the same amount, over weeks and across lunch-break calendars', () => {
    const withLunch: BusinessCalendar = {
      id: 'split',
      timeZone: 'Asia/Shanghai',
      week: {
        1: [
          [540, 720],
          [780, 1080],
        ],
        3: [
          [540, 720],
          [780, 1080],
        ],
        6: [[600, 900]],
      },
      holidays: ['2026-12-02'],
    };
    const from = sh('2026-11-24T11:13:07');
    for (const hours of [0.5, 3, 8, 17.25, 40, 123]) {
      for (const cal of [shanghai, withLunch]) {
        const due = addBusinessTime(cal, from, hours * HOUR);
        assert.equal(businessTimeBetween(cal, from, due), hours * HOUR, `${cal.id} +${hours}h`);
      }
    }
    // 12:00–13:00 is lunch: 11:00 + 2 h lands at 14:00 on a Monday
    assert.equal(addBusinessTime(withLunch, sh('2026-11-23T11:00:00'), 2 * HOUR).toISOString(), sh('2026-11-23T14:00:00').toISOString());
  });

  it('round the clock counts every millisecond', () => {
    const cal = STANDARD_CALENDARS['24x7']!;
    const from = sh('2026-11-21T03:00:00');
    assert.equal(addBusinessTime(cal, from, 10 * 60_000).toISOString(), sh('2026-11-21T03:10:00').toISOString());
    assert.equal(businessTimeBetween(cal, from, sh('2026-11-22T03:00:00')), 24 * HOUR);
  });

  it('follows daylight saving time in zones that have it', () => {
    // Europe/Berlin leaves DST on 2026-10-25: 09:00 local is 07:00Z before and 08:00Z after.
    const berlin: BusinessCalendar = { id: 'berlin', timeZone: 'Europe/Berlin', week: { 5: [[540, 1020]], 1: [[540, 1020]] } };
    const due = addBusinessTime(berlin, new Date('2026-10-23T14:00:00Z'), 3 * HOUR); // Fri 16:00 CEST, 1 h left that day
    assert.equal(due.toISOString(), '2026-10-26T10:00:00.000Z'); // Mon 11:00 CET
  });

  it('rejects calendars that cannot work', () => {
    assert.deepEqual(checkCalendar(shanghai), []);
    assert.match(checkCalendar({ id: 'x', timeZone: 'Mars/Olympus' }).join(';'), /unknown time zone/);
    assert.match(checkCalendar({ id: 'x', timeZone: 'UTC', week: { 1: [[600, 500]] } }).join(';'), /not within one day/);
    assert.throws(() => addBusinessTime({ id: 'never', timeZone: 'UTC', week: {} }, new Date(), HOUR), /no working time/);
  });
});
