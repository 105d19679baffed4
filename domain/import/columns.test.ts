import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ARCHIVE_COLUMNS, TICKET_COLUMNS } from './archive-columns';
import { cellText, cellValue, mapHeaders, normaliseHeader, rowInput, type ColumnSpec } from './columns';

const specs: ColumnSpec[] = [
  { field: 'serialNo', zh: '序列号', en: 'Serial number', type: 'text', aliases: ['SN'] },
  { field: 'installedOn', zh: '安装日期', en: 'Installed on', type: 'date' },
  { field: 'amount', zh: '金额', en: 'Amount', type: 'number' },
  { field: 'tags', zh: '标签', en: 'Tags', type: 'list' },
  { field: 'active', zh: '启用', en: 'Active', type: 'bool' },
  { field: 'attributes', zh: '属性', en: 'Attributes', type: 'json' },
];

describe('archive columns', () => {
  it('matches Chinese headers, field names in camel or snake case, English headers and aliases, loosely', () => {
    const m = mapHeaders(['序列号*', 'installed_on', ' Amount ', '标签（逗号分隔）', 'sn2', ''], specs);
    assert.deepEqual(
      m.columns.map((c) => c?.field ?? null),
      ['serialNo', 'installedOn', 'amount', 'tags', null, null],
    );
    assert.equal(m.errors.length, 1);
    assert.deepEqual({ row: m.errors[0]!.row, field: m.errors[0]!.field }, { row: 1, field: 'sn2' });
    assert.match(m.errors[0]!.message, /unknown column/);
  });

  it('refuses the same field twice under two headers', () => {
    const m = mapHeaders(['SN', '序列号'], specs);
    assert.deepEqual(m.errors, [{ row: 1, field: '序列号', message: 'the same column as "SN"' }]);
  });

  it('turns cells into values, leaving text it cannot convert for the schema to report', () => {
    assert.equal(cellValue('2025/3/7', 'date'), '2025-03-07');
    assert.equal(cellValue('2025年3月7日', 'date'), '2025-03-07');
    assert.equal(cellValue('2025-03-07T00:00:00.000Z', 'date'), '2025-03-07');
    assert.equal(cellValue('next week', 'date'), 'next week');
    assert.equal(cellValue('1,280,000.50', 'number'), 1280000.5);
    assert.equal(cellValue('abc', 'number'), 'abc');
    assert.deepEqual(cellValue('空调，冷柜、 制冰机', 'list'), ['空调', '冷柜', '制冰机']);
    assert.equal(cellValue('是', 'bool'), true);
    assert.equal(cellValue('FALSE', 'bool'), false);
    assert.deepEqual(cellValue('{"floor":3}', 'json'), { floor: 3 });
    assert.equal(cellValue('{oops', 'json'), '{oops');
    assert.equal(cellValue('   ', 'text'), undefined);
    const labels = { 个人: 'person', 企业: 'company', 公司: 'company' };
    assert.equal(cellValue('公司', 'enum', labels), 'company');
    assert.equal(cellValue('company', 'enum', labels), 'company');
    assert.equal(cellValue('机构', 'enum', labels), '机构');
    assert.equal(cellText('company', 'enum', labels), '企业');
    assert.equal(cellText('other', 'enum', labels), 'other');
  });

  it('writes values so that they read back the same', () => {
    const values: [unknown, ColumnSpec['type']][] = [
      ['2025-03-07', 'date'],
      [1280000.5, 'number'],
      [['空调', '冷柜'], 'list'],
      [true, 'bool'],
      [false, 'bool'],
      [{ floor: 3, 朝向: '南' }, 'json'],
      ['张三', 'text'],
    ];
    for (const [v, type] of values) assert.deepEqual(cellValue(cellText(v, type), type), v, `${type}: ${JSON.stringify(v)}`);
    assert.equal(cellText(new Date('2025-03-07T00:00:00Z'), 'date'), '2025-03-07');
    assert.equal(cellText(null, 'text'), '');
  });

  it('builds the input object from the columns the file has, leaving empty cells out', () => {
    const m = mapHeaders(['序列号', '金额', '安装日期'], specs);
    assert.deepEqual(rowInput(['SN-1', '', '2025-1-2'], m.columns), { serialNo: 'SN-1', installedOn: '2025-01-02' });
  });

  it('gives every column of an archive names no other column of it answers to, and reads its own export header row', () => {
    for (const [kind, columns] of Object.entries({ ...ARCHIVE_COLUMNS, tickets: TICKET_COLUMNS })) {
      const owner = new Map<string, string>();
      for (const c of columns) {
        const names = new Set(
          [c.field, c.field.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`), c.zh, c.en, ...(c.aliases ?? [])].map(normaliseHeader),
        );
        for (const n of names) {
          assert.ok(!owner.has(n) || owner.get(n) === c.field, `${kind}: "${n}" names both ${owner.get(n)} and ${c.field}`);
          owner.set(n, c.field);
        }
      }
      const m = mapHeaders(
        columns.map((c) => c.zh),
        columns,
      );
      assert.deepEqual(m.errors, [], kind);
      assert.deepEqual(
        m.columns.map((c) => c?.field),
        columns.map((c) => c.field),
      );
    }
  });
});
