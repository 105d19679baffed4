import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { createFormTemplateRoute } from './create-form-template.route';
import { getFormTemplateRoute, getFormTemplateVersionRoute } from './get-form-template.route';
import { listFormTemplatesRoute } from './list-form-templates.route';
import { publishFormTemplateRoute } from './publish-form-template.route';
import { resolveFormTemplateRoute } from './resolve-form-template.route';
import { saveFormTemplateDraftRoute } from './save-form-template-draft.route';

/** Form templates per category (seed 002 §6): versions, publication, and the one a ticket gets. */
export function formTemplateRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [
    // before /form-templates/:key, which would take "resolve" for a key
    resolveFormTemplateRoute(ctx),
    listFormTemplatesRoute(ctx),
    createFormTemplateRoute(ctx),
    getFormTemplateRoute(ctx),
    getFormTemplateVersionRoute(ctx),
    saveFormTemplateDraftRoute(ctx),
    publishFormTemplateRoute(ctx),
  ];
}
