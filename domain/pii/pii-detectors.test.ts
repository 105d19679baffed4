import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectPii, isLuhnValid, isValidIdNumber } from './pii-detectors';

const types = (text: string) => detectPii(text).map((m) => `${m.type}:${m.text}`);

describe('PII detectors', () => {
  it('accepts an ID number only with a real birth date and the right check character', () => {
    assert.equal(isValidIdNumber('11010519491231002X'), true);
    assert.equal(isValidIdNumber('11010519491231002x'), true);
    assert.equal(isValidIdNumber('330106199003071236'), true);
    assert.equal(isValidIdNumber('330106199003071234'), false, 'wrong check digit');
    assert.equal(isValidIdNumber('330106199002301231'), false, 'no 30 February');
    assert.equal(isValidIdNumber('33010619900307123'), false, '17 digits');
    assert.equal(isValidIdNumber('030106199003071236'), false, 'no region code starts with 0');
  });

  it('accepts card numbers that pass Luhn, spaced or not', () => {
    assert.equal(isLuhnValid('6222021234567894'), true);
    assert.equal(isLuhnValid('6222 0212 3456 7894'), true);
    assert.equal(isLuhnValid('4532015112830366'), true);
    assert.equal(isLuhnValid('6222021234567890'), false);
    assert.equal(isLuhnValid('622202123456'), false, 'too short for a card');
  });

  it('finds mobiles with and without +86 and grouping, and landlines with their area code', () => {
    assert.deepEqual(types('电话13812345678'), ['phone:13812345678']);
    assert.deepEqual(types('call +86 138 1234 5678 now'), ['phone:+86 138 1234 5678']);
    assert.deepEqual(types('或 8613812345678'), ['phone:8613812345678']);
    assert.deepEqual(types('手机 138-1234-5678。'), ['phone:138-1234-5678']);
    assert.deepEqual(types('座机0571-87654321转801'), ['phone:0571-87654321转801']);
    assert.deepEqual(types('座机（010）12345678'), ['phone:（010）12345678']);
    assert.deepEqual(types('总机 021 61234567'), ['phone:021 61234567']);
  });

  it('finds ID numbers and cards in text, but only valid ones', () => {
    assert.deepEqual(types('身份证11010519491231002X，卡号6222 0212 3456 7894'), [
      'id_number:11010519491231002X',
      'bank_card:6222 0212 3456 7894',
    ]);
    // (an 18-digit run may still pass Luhn and be masked as a card: masking too much is the safe side)
    assert.ok(!types('身份证330106199003071234').some((t) => t.startsWith('id_number')), 'a bad check digit is not an ID number');
    assert.deepEqual(types('身份证330106199003071233'), [], 'nor a phone');
    assert.deepEqual(types('卡号6222021234567890'), [], 'fails Luhn');
  });

  it('finds emails and the street part of Chinese addresses', () => {
    assert.deepEqual(types('邮箱zhang.san@example.com，谢谢'), ['email:zhang.san@example.com']);
    assert.deepEqual(types('地址：浙江省杭州市西湖区文三路90号3幢201室，周末在家'), ['address:文三路90号3幢201室']);
    assert.deepEqual(types('上海市浦东新区世纪大道100号'), ['address:世纪大道100号']);
  });

  it('leaves ids, timestamps, order numbers and amounts alone', () => {
    for (const text of [
      '工单 TK-20261122-7F3K9Q2M 于 2026-11-25T10:31:49.000Z 创建',
      '订单 o_99880001，SKU ABC-123，金额 1380.50 元',
      'uuid 6f1c2a3e-1380-4123-9a5b-138123456789',
      'https://cdn.example.com/img/13812345678abc.jpg',
      'serial SN2026ABCD1234, 共 3 台',
    ]) {
      assert.deepEqual(types(text), [], text);
    }
  });
});
