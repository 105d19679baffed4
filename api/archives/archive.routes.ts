import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import {
  assetFilters,
  assetListQuery,
  customerFilters,
  customerListQuery,
  projectFilters,
  projectListQuery,
  providerFilters,
  providerListQuery,
  siteFilters,
  siteListQuery,
} from './archive-filters';
import { ARCHIVES, type ArchiveSpec } from './archive-kinds';
import { assetQrRoute } from './asset-qr.route';
import { createArchiveRecordRoute } from './create-archive-record.route';
import { deleteArchiveRecordRoute } from './delete-archive-record.route';
import { getArchiveRecordRoute } from './get-archive-record.route';
import { listArchiveRecordsRoute } from './list-archive-records.route';
import { publicAssetRoute } from './public-asset.route';
import { uiConfigRoute } from './ui-config.route';
import { updateArchiveRecordRoute } from './update-archive-record.route';

const crud = (ctx: ApiContext, spec: ArchiveSpec) => [
  createArchiveRecordRoute(ctx, spec),
  getArchiveRecordRoute(ctx, spec),
  updateArchiveRecordRoute(ctx, spec),
  deleteArchiveRecordRoute(ctx, spec),
];

/** The routes for customers, projects, sites, assets and service providers, the asset QR code and its public page, and the map's UI config. */
export function archiveRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [
    listArchiveRecordsRoute(
      ctx,
      ARCHIVES.customers,
      customerListQuery,
      customerFilters,
      'Customers by tier, type, region/province/city, tag, or text (name, id, phone, email).',
    ),
    ...crud(ctx, ARCHIVES.customers),
    listArchiveRecordsRoute(
      ctx,
      ARCHIVES.projects,
      projectListQuery,
      projectFilters,
      'Projects (工程) by customer, region, province, status, or name; with their site and asset counts.',
    ),
    ...crud(ctx, ARCHIVES.projects),
    listArchiveRecordsRoute(
      ctx,
      ARCHIVES.sites,
      siteListQuery,
      siteFilters,
      'Installation sites (安装点) for the list and the map: lat/lng, status, asset and open-ticket counts; by customer, project, region/province/city, status, install period of their products, with or without open tickets (openTickets=true|false; worstOpenPriority per site), or bbox=minLng,minLat,maxLng,maxLat.',
    ),
    ...crud(ctx, ARCHIVES.sites),
    assetQrRoute(ctx),
    listArchiveRecordsRoute(
      ctx,
      ARCHIVES.assets,
      assetListQuery,
      assetFilters,
      'Assets by customer, site, project, model, SKU, status, serial (exact or prefix), warranty end, install date, or text.',
    ),
    ...crud(ctx, ARCHIVES.assets),
    listArchiveRecordsRoute(
      ctx,
      ARCHIVES.providers,
      providerListQuery,
      providerFilters,
      'Service providers and agents (服务商/代理商) by kind, region served, skill, active.',
    ),
    ...crud(ctx, ARCHIVES.providers),
    publicAssetRoute(ctx),
    uiConfigRoute(),
  ];
}
