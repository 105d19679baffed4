import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexTerms, normalizeModel, queryTerms, tsqueryLiteral, tsvectorLiteral } from './search-terms';

const terms = (text: string) => queryTerms(text).map((t) => t.term);

describe('Chinese search terms', () => {
  it('cuts a Chinese run into overlapping bigrams: 开机失败 → 开机 机失 失败', () => {
    assert.deepEqual(terms('开机失败'), ['开机', '机失', '失败']);
  });

  it('indexes bigrams and then single characters, so 开机 is found inside 设备无法开机', () => {
    const index = indexTerms('设备无法开机');
    assert.deepEqual(index.slice(0, 5), ['设备', '备无', '无法', '法开', '开机']);
    assert.deepEqual(index.slice(5), ['设', '备', '无', '法', '开', '机']);
    for (const t of terms('开机')) assert.ok(index.includes(t), t);
  });

  it('punctuation and spaces end a run: no bigram crosses 漏水，异响', () => {
    assert.deepEqual(terms('漏水，异响'), ['漏水', '异响']);
    assert.deepEqual(terms('漏水 异响'), ['漏水', '异响']);
  });

  it('keeps model numbers whole, squashed and in parts in the index; queries use the whole and squashed forms', () => {
    assert.deepEqual(indexTerms('型号ABC-123'), ['型号', '型', '号', 'abc-123', 'abc123', 'abc', '123']);
    assert.deepEqual(queryTerms('ABC-123'), [
      { term: 'abc-123', prefix: true },
      { term: 'abc123', prefix: true },
    ]);
  });

  it('mixed Chinese and English: ABC-123开机黑屏 wifi', () => {
    assert.deepEqual(terms('ABC-123开机黑屏 WiFi'), ['abc-123', 'abc123', '开机', '机黑', '黑屏', 'wifi']);
  });

  it('full-width letters and digits are the same as ASCII (NFKC), case does not matter', () => {
    assert.deepEqual(terms('ＡＢＣ－１２３'), terms('abc-123'));
    assert.equal(normalizeModel(' ａｂｃ-123 '), 'ABC-123');
  });

  it('a lone Chinese character is only searched when nothing better is in the query', () => {
    assert.deepEqual(terms('水'), ['水']);
    assert.deepEqual(terms('的 漏水'), ['漏水']);
    assert.ok(indexTerms('空调漏水').includes('水'));
  });

  it('short words are exact, longer ones match as prefixes (no stemming: leak finds leaking)', () => {
    assert.deepEqual(queryTerms('E1 leak'), [
      { term: 'e1', prefix: false },
      { term: 'leak', prefix: true },
    ]);
  });

  it('nothing searchable gives no query', () => {
    assert.deepEqual(queryTerms('？！…  --'), []);
    assert.equal(tsqueryLiteral(queryTerms('？！')), null);
  });

  it('builds weighted tsvector and OR-ed tsquery literals with positions', () => {
    assert.equal(
      tsvectorLiteral([
        { text: '开机', weight: 'A' },
        { text: '无法开机', weight: 'C' },
      ]),
      "'开机':1A,6C '开':2A,9C '机':3A,10C '无法':4C '法开':5C '无':7C '法':8C",
    );
    assert.equal(tsqueryLiteral(queryTerms('开机 ABC-123')), "'开机' | 'abc-123':* | 'abc123':*");
  });

  it('escapes quotes and backslashes inside lexemes', () => {
    assert.equal(tsqueryLiteral([{ term: "it's\\", prefix: false }]), "'it''s\\\\'");
  });
});
