// Sign-in and people in Chromium against the real API: an admin (API token sign-in, as before)
// creates a user on #/users; the user signs in with username and password, must choose their own
// password, works in the console through a cookie session (CSRF header on every change) and signs out.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { eventually } from '../support/harness';
import { BrowserSuite } from './browser-support';

let ui: BrowserSuite;
const username = `e2e-lead-${randomUUID().slice(0, 8)}`;
const initial = 'Initial-Pass-2026';
const chosen = 'My-Own-Pass-2026';

before(async () => {
  ui = await BrowserSuite.start({ harness: { worker: 'none' } });
});
after(async () => {
  await ui?.stop();
});

test('an admin creates a user on #/users; the user signs in, changes the initial password, works and signs out', async () => {
  const admin = await ui.signIn('#/users');
  await admin.getByRole('heading', { name: '人员与权限' }).waitFor();
  // the token is an admin's: the People entry shows in the top bar's 更多 menu
  await admin.locator('.topnav-more summary').click();
  await admin.getByRole('link', { name: '人员' }).waitFor();
  await admin.locator('.topnav-more summary').click();
  await admin.locator('#users-new').click();
  await admin.locator('#user-username').fill(username);
  await admin.locator('#user-password').fill('short');
  await admin.locator('#user-display-name').fill('李组长');
  await admin.getByRole('checkbox', { name: '组长' }).check();
  await admin.getByRole('checkbox', { name: '坐席' }).uncheck();
  await admin.getByRole('button', { name: '创建用户' }).click();
  // the API's field error lands under the password
  await admin.locator('#user-password-msg[role=alert]').waitFor();
  await admin.locator('#user-password').fill(initial);
  await admin.getByRole('button', { name: '创建用户' }).click();
  await admin.getByText(`编辑用户 ${username}`).waitFor();
  await admin.locator(`tr[data-user="${username}"]`).waitFor();
  await ui.screenshot(admin, 'users-admin-zh-desktop', { fullPage: true });

  const page = await ui.newPage();
  await page.goto(ui.url('#/tickets'));
  await page.locator('#signin-username').fill(username);
  await page.locator('#signin-password').fill('Wrong-Password-1');
  await page.locator('#signin-password').press('Enter');
  await page.getByText('用户名或密码错误。').waitFor();
  await ui.screenshot(page, 'signin-password-zh-desktop');
  await page.locator('#signin-password').fill(initial);
  await page.locator('#signin-password').press('Enter');
  await page.locator('#signin-new-password').fill(chosen);
  await page.locator('#signin-new-password-again').fill(chosen);
  await page.getByRole('button', { name: '设置新密码并进入' }).click();
  await page.getByRole('heading', { name: '工单列表' }).waitFor();
  // no token in the tab: the session is the httpOnly cookie, out of the page's reach
  assert.equal(await page.evaluate("sessionStorage.getItem('fixflow.token')"), null);
  assert.ok(!String(await page.evaluate('document.cookie')).includes('fixflow_session'));
  const cookies = await page.context().cookies();
  assert.ok(cookies.find((c) => c.name === 'fixflow_session')?.httpOnly);
  // a team lead is no admin: no People entry
  assert.equal(await page.getByRole('link', { name: '人员' }).count(), 0);

  await page.getByRole('button', { name: '退出登录' }).click();
  await page.locator('#signin-username').waitFor();
  // the console does not wait for the sign-out call before showing the sign-in page
  const left = await eventually(
    async () => (await page.context().cookies()).filter((c) => c.name === 'fixflow_session').length,
    (n) => n === 0,
  );
  assert.equal(left, 0);
  const signedOut = await eventually(
    async () =>
      (await ui.harness.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.signed_out' AND actor = $1`, [
        `user:${username}`,
      ])) as { n: number }[],
    (rows) => rows[0]!.n === 1,
  );
  assert.equal(signedOut[0]!.n, 1);
  assert.deepEqual(ui.pageErrors, []);
});
