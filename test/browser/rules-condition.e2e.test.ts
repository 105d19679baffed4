// An admin builds a rule's condition in the visual builder of the rules page (#/rules), sees the
// raw JSON-Logic follow, saves the draft and tests the rule on a sample ticket — in Chromium,
// against the real API and rule store.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { issueToken } from '../../api/auth/api-tokens';
import { BrowserSuite } from './browser-support';

let ui: BrowserSuite;
const key = `e2e_east_p1_${randomUUID().slice(0, 8)}`;
const expected = { and: [{ '==': [{ var: 'ticket.priority' }, 'P1'] }, { in_region: [{ var: 'ticket.region' }, ['华东']] }] };

before(async () => {
  ui = await BrowserSuite.start({ harness: { worker: 'none' } });
});
after(async () => {
  // the draft of the shared 'ticket' rule set is left as it was found
  if (ui) await ui.harness.request('DELETE', `/api/v1/rules/${key}`);
  await ui?.stop();
});

test('GET /api/v1/rules/variables types the ticket fields with their dictionary values', async () => {
  const res = await ui.harness.request('GET', '/api/v1/rules/variables');
  assert.equal(res.status, 200);
  const byName = new Map((res.body.items as { name: string; type: string; options?: { value: string }[] }[]).map((v) => [v.name, v]));
  assert.equal(byName.get('ticket.priority')?.type, 'enum');
  assert.deepEqual(
    byName.get('ticket.priority')?.options?.map((o) => o.value),
    ['P1', 'P2', 'P3', 'P4'],
  );
  assert.equal(byName.get('ticket.region')?.type, 'region');
  assert.ok(byName.get('ticket.region')?.options?.some((o) => o.value === '华东'));
  assert.equal(byName.get('now')?.type, 'date');
  const rma = await ui.harness.request('GET', '/api/v1/rules/variables?flowKind=rma');
  assert.ok(rma.body.items.some((v: { name: string; type: string }) => v.name === 'rma.claimAmount' && v.type === 'number'));
  assert.equal((await ui.harness.request('GET', '/api/v1/rules/variables?flowKind=boat')).status, 400);
});

test('an admin builds "priority == P1 and region in 华东" visually, sees the JSON-Logic, saves and tests it', async () => {
  const page = await ui.signIn('#/rules?new=1');
  await page.getByRole('heading', { name: '新建规则' }).waitFor();
  await page.getByLabel('规则键').fill(key);
  await page.getByLabel('名称').fill('华东 P1 进二线（e2e）');

  // 1. two conditions, built with the mouse
  const addRule = page.getByRole('button', { name: '＋ 条件', exact: true });
  await addRule.click();
  const rows = page.locator('.cb-rule');
  await rows.nth(0).getByLabel('字段').selectOption('ticket.priority');
  await rows.nth(0).getByLabel('运算符').selectOption('==');
  await rows.nth(0).getByLabel('值', { exact: true }).selectOption('P1');
  await addRule.click();
  await rows.nth(1).getByLabel('字段').selectOption('ticket.region');
  assert.equal(await rows.nth(1).getByLabel('运算符').inputValue(), 'in_region', 'a region field starts with "in region"');
  await rows.nth(1).getByRole('checkbox', { name: '华东' }).check();
  await rows.nth(1).scrollIntoViewIfNeeded();
  await ui.screenshot(page, 'rules-condition-visual');

  // 2. the raw view shows the same condition; invalid JSON there is shown and not applied
  await page.getByRole('tab', { name: 'JSON-Logic' }).click();
  const raw = page.getByRole('textbox', { name: 'JSON-Logic' });
  assert.deepEqual(JSON.parse(await raw.inputValue()), expected);
  await raw.fill('{"and": [');
  await page.getByText('JSON 无效，未应用').waitFor();
  await ui.screenshot(page, 'rules-condition-json-invalid');
  await raw.fill(JSON.stringify(expected));
  assert.equal(await page.getByText('JSON 无效，未应用').count(), 0);
  await page.getByRole('tab', { name: '可视化编辑' }).click();
  assert.equal(await rows.count(), 2, 'the visual view still has both rules');
  assert.equal(await rows.nth(0).getByLabel('值', { exact: true }).inputValue(), 'P1');

  // 3. saved to the draft, as built
  await page.getByRole('button', { name: '保存草稿' }).click();
  await page.getByRole('heading', { name: '华东 P1 进二线（e2e）' }).waitFor();
  const stored = await ui.harness.request('GET', `/api/v1/rules/${key}`);
  assert.equal(stored.status, 200);
  assert.deepEqual(stored.body.condition, expected);
  assert.equal(stored.body.ruleSet.status, 'draft');

  // 4. tested on a sample ticket in 上海 (inside 华东), then on one in 四川
  const sample = page.getByRole('textbox', { name: '样例工单（ticket 字段 JSON）' });
  await sample.fill(JSON.stringify({ priority: 'P1', region: '上海', category1: '质量问题' }));
  await page.getByRole('button', { name: '运行测试' }).click();
  const result = page.getByTestId('rule-test-result');
  await result.waitFor();
  assert.equal((await result.locator('.chip').textContent())?.trim(), '命中');
  assert.match((await result.textContent()) ?? '', /会执行动作/);
  assert.match((await result.locator('.rp-trace').first().textContent()) ?? '', /in_region/);
  await result.scrollIntoViewIfNeeded();
  await ui.screenshot(page, 'rules-test-matched');

  await sample.fill(JSON.stringify({ priority: 'P1', region: '四川' }));
  await page.getByRole('button', { name: '运行测试' }).click();
  await result.locator('.chip', { hasText: '未命中' }).waitFor();
  assert.match((await result.textContent()) ?? '', /condition\.and\[1\]/, 'the why names the false sub-condition');

  // 5. the draft against the published version: the back-test runs, the diff lists the new rule
  await page.getByRole('button', { name: '运行回测' }).click();
  await page.getByTestId('backtest-result').waitFor();
  assert.match((await page.getByTestId('backtest-result').textContent()) ?? '', /共 \d+ 张工单/);
  await page.getByRole('button', { name: '对比' }).click();
  await page.getByTestId('rule-diff').getByText(key).waitFor();
  assert.match((await page.getByTestId('rule-diff').textContent()) ?? '', /新增/);
  await page.getByTestId('rule-diff').scrollIntoViewIfNeeded();
  await ui.screenshot(page, 'rules-diff');
  assert.deepEqual(ui.pageErrors, []);
});

test('only admins are offered publishing; a team lead reads the rules and tests them', async () => {
  const lead = await issueToken(ui.harness.dataSource, { name: `e2e-lead-${key}`, roles: ['team_lead'], actor: 'test' });
  const page = await ui.signIn(`#/rules?key=${key}`, { token: lead.token });
  await page.getByRole('heading', { name: '华东 P1 进二线（e2e）' }).waitFor();
  await page.getByText('仅管理员可发布。').waitFor();
  assert.equal(await page.getByRole('button', { name: '发布规则集' }).count(), 0);
  await page.getByRole('button', { name: '运行测试' }).click();
  await page.getByTestId('rule-test-result').waitFor();
  // and in English
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText('Only admins can publish.').waitFor();
  assert.equal(await page.locator('.cb-rule').first().getByLabel('Operator').inputValue(), '==');
  assert.ok(await page.getByRole('button', { name: '+ Condition', exact: true }).isVisible());
  await ui.screenshot(page, 'rules-english');
  assert.deepEqual(ui.pageErrors, []);
});
