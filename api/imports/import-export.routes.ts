import type { ApiContext } from '../context';
import { exportRoutes } from '../exports/export.routes';
import { importRoutes } from './import.routes';

/** Bulk import of archives and export of any list, mounted together. */
export function importExportRoutes(ctx: ApiContext) {
  return [...importRoutes(ctx), ...exportRoutes(ctx)];
}
