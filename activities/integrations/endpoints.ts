import type { AppConfig } from '../../core/config';
import type { NotificationChannel } from '../../domain/notify/notification-templates';

export interface IntegrationEndpoints {
  notify: Partial<Record<NotificationChannel, string>>;
  cti?: string;
  publicUrl: string;
  onDutyTarget: string;
}

/**
 * Where each outside system lives: an explicit URL per system (production), else the simulator
 * (development and tests), else not configured — a message for an unconfigured channel is logged
 * as skipped, not pretended sent.
 */
export function integrationEndpoints(
  config: Pick<
    AppConfig,
    | 'FIXFLOW_SIMULATOR_URL'
    | 'NOTIFY_SMS_URL'
    | 'NOTIFY_EMAIL_URL'
    | 'NOTIFY_WECOM_URL'
    | 'NOTIFY_DINGTALK_URL'
    | 'NOTIFY_FEISHU_URL'
    | 'NOTIFY_WECHAT_URL'
    | 'CTI_URL'
    | 'FIXFLOW_PUBLIC_URL'
    | 'PORT'
    | 'FIXFLOW_ONDUTY_TARGET'
  >,
): IntegrationEndpoints {
  const sim = config.FIXFLOW_SIMULATOR_URL;
  const or = (explicit: string | undefined, path: string) => explicit ?? (sim ? `${sim}${path}` : undefined);
  const notify: IntegrationEndpoints['notify'] = {};
  const set = (channel: NotificationChannel, url: string | undefined) => {
    if (url) notify[channel] = url;
  };
  set('sms', or(config.NOTIFY_SMS_URL, '/sms/send'));
  set('email', or(config.NOTIFY_EMAIL_URL, '/email/send'));
  set('wecom', or(config.NOTIFY_WECOM_URL, '/wecom/webhook/send'));
  set('dingtalk', or(config.NOTIFY_DINGTALK_URL, '/dingtalk/robot/send'));
  set('feishu', or(config.NOTIFY_FEISHU_URL, '/feishu/bot/hook'));
  set('wechat', or(config.NOTIFY_WECHAT_URL, '/wechat/message/template/send'));
  return {
    notify,
    cti: or(config.CTI_URL, '/cti/calls'),
    publicUrl: config.FIXFLOW_PUBLIC_URL ?? `http://127.0.0.1:${config.PORT}`,
    onDutyTarget: config.FIXFLOW_ONDUTY_TARGET,
  };
}
