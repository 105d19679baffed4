import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvLine, neutraliseCell, parseCsv, restoreCell } from './csv';

describe('CSV', () => {
  it('reads quoted commas, doubled quotes and line breaks inside a field, CRLF and a UTF-8 BOM', () => {
    const text = '\ufeff名称,地址,备注\r\n"华南仓, 一号","广州市天河区\n体育西路 1 号","他说""好"""\r\n乙,北京,\r\n';
    assert.deepEqual(parseCsv(text), [
      ['名称', '地址', '备注'],
      ['华南仓, 一号', '广州市天河区\n体育西路 1 号', '他说"好"'],
      ['乙', '北京', ''],
    ]);
  });

  it('reads LF and CR line ends, a last line without a line break, and blank lines as empty records', () => {
    assert.deepEqual(parseCsv('a,b\nc,d\r\re,f'), [['a', 'b'], ['c', 'd'], [''], ['e', 'f']]);
  });

  it('reads a tab-separated paste when the header has tabs and no commas', () => {
    assert.deepEqual(parseCsv('序列号\t型号\nSN1\tX-1, 2'), [
      ['序列号', '型号'],
      ['SN1', 'X-1, 2'],
    ]);
  });

  it('writes what it reads back, quoting where needed', () => {
    const rows = [
      ['id', 'text'],
      ['1', 'a, b'],
      ['2', 'say "hi"'],
      ['3', 'line\nbreak'],
      ['4', ' padded '],
      ['5', '张三'],
    ];
    const text = rows.map(csvLine).join('');
    assert.equal(csvLine(['1', 'a, b']), '1,"a, b"\r\n');
    assert.deepEqual(parseCsv(text), rows);
  });

  it('neutralises formula-like cells on export and restores them on import; phone numbers stay as they are', () => {
    for (const cell of ['=HYPERLINK("http://evil")', '@SUM(A1)', '-cmd|calc', '+x']) {
      assert.equal(neutraliseCell(cell), `'${cell}`);
      assert.equal(restoreCell(neutraliseCell(cell)), cell);
    }
    for (const cell of ['+86 138 0013 8000', '-12.5', '13800138000', "it's", "'quoted"]) {
      assert.equal(neutraliseCell(cell), cell);
      assert.equal(restoreCell(cell), cell);
    }
    assert.deepEqual(
      parseCsv(csvLine(['=1+2'])).map((r) => r.map(restoreCell)),
      [['=1+2']],
    );
  });
});
