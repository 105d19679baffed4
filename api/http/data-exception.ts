import { HttpProblem } from './problem';

/**
 * PostgreSQL's class 22 "data exception" (a NUL byte in text, a number past int4, a timestamp or
 * time-zone offset out of range, a string longer than its column) raised by a value the caller
 * sent that the route's schema let through: the request is at fault, so a 400, not a 500. Found by
 * the API fuzzer (test/fuzz); routes may still bound their values in zod for a field-level error.
 */
export function dataExceptionProblem(err: unknown): HttpProblem | null {
  const e = err as { code?: unknown; driverError?: { code?: unknown; message?: unknown } };
  const sqlState = String(e?.driverError?.code ?? e?.code ?? '');
  if (!/^22[0-9A-Z]{3}$/.test(sqlState)) return null;
  const message = String(e?.driverError?.message ?? (err instanceof Error ? err.message : ''));
  return new HttpProblem(400, 'invalid_value', 'A value is not valid', `a value of the request cannot be stored or compared: ${message}`);
}
