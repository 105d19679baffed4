import { http, HttpResponse } from 'msw';
import type { SimulatorInbox } from './inbox';

/**
 * Simulated message providers, answering like the real ones do: an SMS gateway, a mail API, and
 * the robot webhooks of WeCom (企业微信), DingTalk (钉钉), Feishu (飞书), plus WeChat template messages.
 */
export function notificationHandlers(inbox: SimulatorInbox, base: string) {
  const take = async (system: string, request: Request) => {
    const body = await request.json().catch(() => null);
    return inbox.record({ system, path: new URL(request.url).pathname, idempotencyKey: request.headers.get('idempotency-key'), body });
  };
  return [
    http.post(`${base}/sms/send`, async ({ request }) => {
      const { entry } = await take('sms', request);
      return HttpResponse.json({ code: 'OK', messageId: `sms-${entry.receivedAt}` });
    }),
    http.post(`${base}/email/send`, async ({ request }) => {
      await take('email', request);
      return HttpResponse.json({ accepted: true }, { status: 202 });
    }),
    http.post(`${base}/wecom/webhook/send`, async ({ request }) => {
      await take('wecom', request);
      return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
    }),
    http.post(`${base}/dingtalk/robot/send`, async ({ request }) => {
      await take('dingtalk', request);
      return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
    }),
    http.post(`${base}/feishu/bot/hook`, async ({ request }) => {
      await take('feishu', request);
      return HttpResponse.json({ code: 0, msg: 'success' });
    }),
    http.post(`${base}/wechat/message/template/send`, async ({ request }) => {
      await take('wechat', request);
      return HttpResponse.json({ errcode: 0, errmsg: 'ok', msgid: Date.now() });
    }),
  ];
}
