import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateSchema, emailSchema, normalizeChinesePhone, phoneSchema } from './archive-fields';

describe('archive field types', () => {
  it('reads mainland mobiles in the spellings people type, as 11 digits', () => {
    for (const p of ['13812345678', '138 1234 5678', '138-1234-5678', '+86 13812345678', '0086-138-1234-5678', '１３８１２３４５６７８']) {
      assert.equal(normalizeChinesePhone(p), '13812345678', p);
    }
  });

  it('reads landlines with area code, optional brackets and extension', () => {
    assert.equal(normalizeChinesePhone('0755-86001234'), '0755-86001234');
    assert.equal(normalizeChinesePhone('(0755) 8600 1234'), '0755-86001234');
    assert.equal(normalizeChinesePhone('（010）62345678'), '010-62345678');
    assert.equal(normalizeChinesePhone('021-62345678-801'), '021-62345678-801');
    assert.equal(normalizeChinesePhone('0571-8765432转12'), '0571-8765432-12');
    assert.equal(normalizeChinesePhone('+86 10 62345678'), '010-62345678');
    assert.equal(normalizeChinesePhone('400 810 8888'), '400-810-8888');
  });

  it('refuses what is not a mainland number', () => {
    for (const p of ['12345678901', '1381234567', '138123456789', '86001234', '0755-06001234', '+1 415 555 0100', 'abc', '']) {
      assert.equal(normalizeChinesePhone(p), null, p);
    }
    const out = phoneSchema.safeParse('12345');
    assert.equal(out.success, false);
    assert.match(out.error!.issues[0]!.message, /mainland China mobile/);
  });

  it('takes calendar dates as YYYY-MM-DD only', () => {
    assert.equal(dateSchema.safeParse('2024-02-29').success, true);
    for (const d of ['2026-02-29', '2026-13-01', '2026/01/01', '20260101', '1899-12-31', '2026-1-1']) {
      assert.equal(dateSchema.safeParse(d).success, false, d);
    }
  });

  it('lower-cases the domain of an email and refuses non-addresses', () => {
    assert.equal(emailSchema.parse('Li.Gong@Factory.CN'), 'Li.Gong@factory.cn');
    assert.equal(emailSchema.safeParse('li.gong@').success, false);
  });
});
