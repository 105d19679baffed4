import type { AppConfig } from '../../core/config';
import type { NotificationChannel } from '../../domain/notify/notification-templates';
import type { SystemSetting } from './integration-client';
import { SANDBOX_CREDENTIALS, type SystemName } from './sandbox-credentials';

export interface IntegrationEndpoints {
  notify: Partial<Record<NotificationChannel, string>>;
  /** OMS, WMS, ERP, logistics and CTI: each configured or saying what to set */
  systems: Record<SystemName, SystemSetting>;
  publicUrl: string;
  onDutyTarget: string;
}

/** The variables that configure the OMS, WMS, ERP, logistics and CTI. */
type Var =
  | 'OMS_URL'
  | 'OMS_API_KEY'
  | 'OMS_SECRET'
  | 'WMS_URL'
  | 'WMS_API_KEY'
  | 'ERP_URL'
  | 'ERP_API_KEY'
  | 'ERP_SECRET'
  | 'LOGISTICS_URL'
  | 'LOGISTICS_API_KEY'
  | 'CTI_URL'
  | 'CTI_API_KEY';

/**
 * Where each outside system lives: an explicit URL per system (production), else the simulator
 * (development and tests), else not configured — a message for an unconfigured channel is logged
 * as skipped, not pretended sent; a call to an unconfigured OMS/WMS/ERP/… fails naming what to set.
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
    | Var
    | 'INTEGRATION_TIMEOUT_MS'
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
  // A system with its own URL needs its own key (and secret, where it checks signatures); without
  // a URL it falls back to the simulator under /<system> with the sandbox credentials.
  const system = (name: SystemName, label: string, vars: [url: Var, apiKey: Var, secret?: Var]): SystemSetting => {
    const [urlVar, keyVar, secretVar] = vars;
    const url = config[urlVar];
    const timeoutMs = config.INTEGRATION_TIMEOUT_MS;
    if (url) {
      const missing = [keyVar, secretVar].filter((v): v is Var => v !== undefined && !config[v]);
      if (missing.length) return { system: name, label, missing };
      return {
        system: name,
        label,
        missing,
        connection: { baseUrl: url, apiKey: config[keyVar]!, secret: secretVar && config[secretVar], timeoutMs },
      };
    }
    if (!sim) return { system: name, label, missing: vars.filter((v): v is Var => v !== undefined) };
    const sandbox: { apiKey: string; secret?: string } = SANDBOX_CREDENTIALS[name];
    return {
      system: name,
      label,
      missing: [],
      connection: { baseUrl: `${sim}/${name}`, apiKey: sandbox.apiKey, secret: sandbox.secret, timeoutMs },
    };
  };
  return {
    notify,
    systems: {
      oms: system('oms', 'OMS', ['OMS_URL', 'OMS_API_KEY', 'OMS_SECRET']),
      wms: system('wms', 'WMS', ['WMS_URL', 'WMS_API_KEY']),
      erp: system('erp', 'ERP', ['ERP_URL', 'ERP_API_KEY', 'ERP_SECRET']),
      logistics: system('logistics', 'Logistics', ['LOGISTICS_URL', 'LOGISTICS_API_KEY']),
      cti: system('cti', 'CTI', ['CTI_URL', 'CTI_API_KEY']),
    },
    publicUrl: config.FIXFLOW_PUBLIC_URL ?? `http://127.0.0.1:${config.PORT}`,
    onDutyTarget: config.FIXFLOW_ONDUTY_TARGET,
  };
}
