import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { createAlarmRuleRoute, listAlarmRulesRoute, updateAlarmRuleRoute } from './alarm-rule.routes';
import { getAssetTelemetryRoute } from './get-asset-telemetry.route';
import { ingestIotEventRoute } from './ingest-iot-event.route';
import { createIotSourceRoute, deactivateIotSourceRoute, listIotSourcesRoute } from './iot-source.routes';
import { listAlarmsRoute } from './list-alarms.route';

/** IoT intake: signed device events, the sources that sign them, alarm rules, alarms and readings. */
export function iotRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [
    ingestIotEventRoute(ctx),
    createIotSourceRoute(ctx),
    listIotSourcesRoute(ctx),
    deactivateIotSourceRoute(ctx),
    listAlarmRulesRoute(ctx),
    createAlarmRuleRoute(ctx),
    updateAlarmRuleRoute(ctx),
    listAlarmsRoute(ctx),
    getAssetTelemetryRoute(ctx),
  ];
}
