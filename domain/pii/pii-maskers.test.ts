import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskAddress, maskBankCard, maskIdNumber, maskText } from './pii-maskers';

describe('PII maskers', () => {
  it('hides the birth date and sequence of an ID number', () => {
    assert.equal(maskIdNumber('11010519491231002X'), '110***********002X');
    assert.equal(maskIdNumber('123'), '****');
    assert.equal(maskIdNumber(null), null);
  });

  it('keeps the bank prefix and the last four digits of a card', () => {
    assert.equal(maskBankCard('6222 0212 3456 7894'), '6222********7894');
    assert.equal(maskBankCard('1234'), '****');
  });

  it('keeps province and city of an address, hides the rest', () => {
    assert.equal(maskAddress('浙江省杭州市西湖区文三路90号'), '浙江省杭州市****');
    assert.equal(maskAddress('北京市朝阳区建国路88号'), '北京市****');
    assert.equal(maskAddress('广西壮族自治区南宁市青秀区民族大道100号'), '广西壮族自治区南宁市****');
    assert.equal(maskAddress('江南大道 1 号'), '****');
    assert.equal(maskAddress('浙江省杭州市'), '浙江省杭州市', 'nothing personal to hide');
  });

  it('masks everything it finds inside free text and says what it found', () => {
    const out = maskText(
      '客户张三电话13812345678，身份证11010519491231002X，卡6222021234567894，住浙江省杭州市西湖区文三路90号，邮箱zhang.san@example.com，开机黑屏',
    );
    assert.equal(
      out.text,
      '客户张三电话138****5678，身份证110***********002X，卡6222********7894，住浙江省杭州市西湖区****，邮箱z***@example.com，开机黑屏',
    );
    assert.deepEqual(out.found.sort(), ['address', 'bank_card', 'email', 'id_number', 'phone']);
    assert.deepEqual(maskText(out.text).found, [], 'masking twice finds nothing more');
  });
});
