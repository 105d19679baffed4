import { z } from 'zod';
import type { FormTemplateRow } from '../../db/form-template-store';
import { parseTemplate, type FormTemplate, type TemplateProblem } from '../../domain/forms/form-template';
import type { FormViolation } from '../../domain/forms/form-check';
import { describeViolations } from '../../domain/forms/ticket-form';
import { HttpProblem } from '../http/problem';

export const templateKeyParams = z.object({ key: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'not a form template key') }).strict();

/** A template in a request, parsed and checked; 422 naming every path at fault otherwise. */
export function templateFromBody(body: unknown): FormTemplate {
  const parsed = parseTemplate(body);
  if (!parsed.ok) throw invalidTemplate(parsed.problems);
  return parsed.template;
}

export function invalidTemplate(problems: TemplateProblem[]): HttpProblem {
  return new HttpProblem(
    422,
    'invalid_form_template',
    'The form template is not valid',
    problems.map((p) => `${p.field}: ${p.message}`).join('; '),
    problems,
  );
}

/** 422 naming each missing or wrong field, in English and zh-CN (`messageZh`, `label` on every entry). */
export function formIncomplete(violations: FormViolation[], action?: string): HttpProblem {
  return new HttpProblem(
    422,
    'form_incomplete',
    action ? `The form for '${action}' is incomplete` : 'The ticket form is incomplete',
    describeViolations(violations),
    violations,
  );
}

export function templateView(row: FormTemplateRow) {
  return {
    key: row.key,
    version: row.version,
    status: row.status,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt,
    template: row.definition,
  };
}
