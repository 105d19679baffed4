import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskContacts, maskEmail, maskPhone, maskSerial } from './pii-mask';

describe('PII masking', () => {
  it('masks mobiles to the first three and last four digits', () => {
    assert.equal(maskPhone('13812345678'), '138****5678');
    assert.equal(maskPhone('138-1234-5678'), '138****5678');
    assert.equal(maskPhone('+86 138 1234 5678'), '+86 138****5678');
  });

  it('masks landlines and 400 lines keeping the area code, dropping the extension', () => {
    assert.equal(maskPhone('0755-86001234'), '0755-****1234');
    assert.equal(maskPhone('010-12345678'), '010-****5678');
    assert.equal(maskPhone('0755-86001234-801'), '0755-****1234');
    assert.equal(maskPhone('400-810-8888'), '400-****8888');
  });

  it('shows at most the area code or prefix and four digits, and hides short ones whole', () => {
    assert.equal(maskPhone('99887766554433'), '****4433');
    assert.equal(maskPhone('12345'), '****');
    assert.equal(maskPhone(null), null);
    for (const p of ['13812345678', '0755-86001234-801', '+86 138 1234 5678', '99887766554433']) {
      const shown = maskPhone(p)!
        .replace(/^\+86 /, '')
        .replace(/\D/g, '');
      assert.ok(shown.length <= 8, `${p} → ${maskPhone(p)}`);
      assert.ok(!maskPhone(p)!.includes('1234 5678') && !maskPhone(p)!.includes('86001234'));
    }
  });

  it('masks the local part of an email, keeps the domain', () => {
    assert.equal(maskEmail('zhang.san@example.com'), 'z***@example.com');
    assert.equal(maskEmail('张三@公司.cn'), '张***@公司.cn');
    assert.equal(maskEmail('not-an-email'), '****');
    assert.equal(maskEmail(undefined), null);
  });

  it('shows the last four characters of a serial number', () => {
    assert.equal(maskSerial('SN2026ABCD1234'), '****1234');
    assert.equal(maskSerial('AB12'), '****');
  });

  it('masks each contact person, keeping name and role', () => {
    const masked = maskContacts([
      { name: '李工', phone: '13912345678', email: 'li@factory.cn', role: '设备科' },
      { name: '王经理', role: '采购' },
    ]);
    assert.deepEqual(masked, [
      { name: '李工', phone: '139****5678', email: 'l***@factory.cn', role: '设备科' },
      { name: '王经理', role: '采购' },
    ]);
  });
});
