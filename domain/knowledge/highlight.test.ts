import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highlight, markdownToPlain } from './highlight';

describe('search snippets', () => {
  it('marks Chinese hits, merging overlapping bigrams into one mark', () => {
    assert.equal(highlight('设备无法开机，请检查电源', '开机失败'), '设备无法<mark>开机</mark>，请检查电源');
    assert.equal(highlight('开机失败怎么办', '开机失败'), '<mark>开机失败</mark>怎么办');
  });

  it('marks model numbers as whole words, case- and width-insensitively', () => {
    assert.equal(highlight('适用型号：ABC-123、ABC-1234X', 'abc-123'), '适用型号：<mark>ABC-123</mark>、<mark>ABC-123</mark>4X');
    assert.equal(highlight('XABC-123', 'abc-123'), 'XABC-123');
    assert.equal(highlight('ＡＢＣ－１２３ 漏水', 'abc-123'), '<mark>ＡＢＣ－１２３</mark> 漏水');
  });

  it('escapes HTML in the text, strips markdown', () => {
    assert.equal(highlight('## 漏水\n<b>注意</b> **排水管** & 水泵', '排水管'), '漏水 注意 <mark>排水管</mark> &amp; 水泵');
    assert.equal(markdownToPlain('1. 打开[说明书](https://x.cn/a.pdf)\n- 检查`电源`'), '打开说明书 检查 电源');
  });

  it('cuts a long text around the best cluster of hits', () => {
    const text = `${'无关内容。'.repeat(60)}压缩机温度过高时，先检查冷凝器${'其他说明。'.repeat(60)}`;
    const out = highlight(text, '冷凝器 压缩机', 60);
    assert.match(out, /^…/);
    assert.match(out, /…$/);
    assert.ok(out.includes('<mark>压缩机</mark>') && out.includes('<mark>冷凝器</mark>'), out);
    assert.equal(Array.from(out.replace(/<\/?mark>/g, '').replace(/…/g, '')).length, 60);
  });

  it('no hits: the opening of the text', () => {
    assert.equal(highlight('第一段文字', '漏水', 3), '第一段…');
  });
});
