import type { ServiceDashboard } from '../../domain/dashboards/service-dashboard';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { costBreakdown } from './cost-metrics';
import { parseDashboardFilters } from './dashboard-filters';
import { fieldService } from './field-metrics';
import { funnelByStatus } from './funnel-metrics';
import { reopenAndFirstContact } from './quality-metrics';
import { firstResponseTimes, resolutionTimes, slaAttainment } from './response-metrics';
import { satisfaction } from './satisfaction-metrics';
import { topFaultCategories } from './fault-metrics';
import { volumeTrend } from './volume-metrics';

/**
 * The customer-service dashboard (客户服务看板): every figure computed by PostgreSQL from the
 * projections, for one period and filter. What each measure means is said at its module.
 * The query is parsed by the handler so that filters that make no sense are 422, not 400.
 */
export const serviceDashboardRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/dashboards/service',
    permission: 'dashboards:read',
    summary:
      'Service dashboard for a period (from/to: days in tz, default the last 30) and filters (region, productLine, channel, groupId): volume trend, funnel by status with time per status, FRT/TTR distributions, SLA attainment, reopen rate, first-contact resolution, appointment punctuality, parts hit rate, CSAT/NPS, cost by SKU and region, top fault categories.',
    async handler({ req }) {
      const f = parseDashboardFilters(req.query);
      const db = ctx.dataSource;
      const [volume, funnel, frt, ttr, sla, quality, field, sat, cost, topFaults] = await Promise.all([
        volumeTrend(db, f),
        funnelByStatus(db, f),
        firstResponseTimes(db, f),
        resolutionTimes(db, f),
        slaAttainment(db, f),
        reopenAndFirstContact(db, f),
        fieldService(db, f),
        satisfaction(db, f),
        costBreakdown(db, f),
        topFaultCategories(db, f),
      ]);
      const body: ServiceDashboard = {
        filters: {
          from: f.from,
          to: f.to,
          tz: f.tz,
          region: f.region ?? null,
          productLine: f.productLine ?? null,
          channel: f.channel ?? null,
          groupId: f.groupId ?? null,
        },
        volume,
        funnel,
        frt,
        ttr,
        sla,
        reopen: quality.reopen,
        firstContactResolution: quality.firstContactResolution,
        punctuality: field.punctuality,
        partsHit: field.partsHit,
        satisfaction: sat,
        cost,
        topFaults,
      };
      return { body };
    },
  });
