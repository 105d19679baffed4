// Demo people (演示账号), one per role, created over the API like an admin would. They share one
// documented password (README "Sign-in and people") and are not asked to change it: they are for
// a first look, never for a real installation. A second start adds nothing (409 is "already there").

export const DEMO_PASSWORD = 'Fixflow@2026';

const demoUsers = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'] },
  { username: 'lead', displayName: '李娜（组长）', roles: ['team_lead'] },
  { username: 'agent', displayName: '王芳（坐席）', roles: ['agent'] },
  { username: 'qa', displayName: '赵敏（质检）', roles: ['qa'] },
  { username: 'outlet', displayName: '徐汇服务网点', roles: ['outlet'] },
  { username: 'warehouse', displayName: '上海仓管员', roles: ['warehouse'] },
  { username: 'finance', displayName: '孙丽（财务）', roles: ['finance'] },
  // the demo field engineer of the spare-parts data: the same person as agent eng-sh-zhangwei
  { username: 'zhangwei', displayName: '张伟（工程师）', roles: ['engineer'], agentId: 'eng-sh-zhangwei' },
];

export async function loadDemoUsers(apiUrl: string, token: string): Promise<number> {
  let created = 0;
  for (const u of demoUsers) {
    const res = await fetch(`${apiUrl}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...u, password: DEMO_PASSWORD, mustChangePassword: false }),
    });
    if (res.status === 201) created++;
    else if (res.status !== 409) throw new Error(`POST /api/v1/users ${u.username}: ${res.status} ${await res.text()}`);
  }
  return created;
}
