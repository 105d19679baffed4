import type { Response } from 'express';
import type { ZodError } from 'zod';

/** One field at fault, named by its JSON path ("attachments.0", "priority", "query.limit"). */
export interface FieldError {
  field: string;
  message: string;
  /** for a spreadsheet import: the row at fault, numbered as the spreadsheet shows it, and its column's header */
  row?: number;
  column?: string;
}

/**
 * The one error type of the API. Thrown anywhere in a handler; the error middleware answers it as
 * RFC 9457 `application/problem+json`.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
    /** extra members of the problem document (RFC 9457 §3.2), e.g. an import's counts */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }

  static validation(error: ZodError, where: 'body' | 'query' | 'params' | 'header' = 'body'): HttpProblem {
    const errors = error.issues.map((i) => {
      const keys = i.code === 'unrecognized_keys' ? (i as { keys?: string[] }).keys : undefined;
      const base = i.path.map(String).join('.');
      if (keys?.length)
        return keys.map((k) => ({ field: [where === 'body' ? '' : where, base, k].filter(Boolean).join('.'), message: 'unknown field' }));
      return [{ field: [where === 'body' ? '' : where, base].filter(Boolean).join('.') || where, message: i.message }];
    });
    const flat = errors.flat();
    return new HttpProblem(
      where === 'body' ? 422 : 400,
      'validation_failed',
      'The request is not valid',
      flat.map((e) => `${e.field}: ${e.message}`).join('; '),
      flat,
    );
  }

  static notFound(what: string): HttpProblem {
    return new HttpProblem(404, 'not_found', 'Not found', what);
  }

  static unavailable(detail: string, retryAfterSeconds = 5): HttpProblem {
    return new HttpProblem(503, 'unavailable', 'Service temporarily unavailable', detail, undefined, {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}

export function sendProblem(res: Response, p: HttpProblem, instance?: string): void {
  for (const [k, v] of Object.entries(p.headers)) res.setHeader(k, v);
  res
    .status(p.status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: `/problems/${p.code}`,
        title: p.title,
        status: p.status,
        ...(p.detail ? { detail: p.detail } : {}),
        ...(instance ? { instance } : {}),
        ...p.extensions,
        code: p.code,
        ...(p.errors ? { errors: p.errors } : {}),
      }),
    );
}
