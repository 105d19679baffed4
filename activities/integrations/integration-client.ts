import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { callJson } from './http-call';
import type { SystemName } from './sandbox-credentials';

/** Where one outside system lives and how to authenticate to it. */
export interface SystemConnection {
  baseUrl: string;
  apiKey?: string;
  secret?: string;
  timeoutMs: number;
}

/** One system's setting: its connection, or what to set to get one. */
export interface SystemSetting {
  system: SystemName;
  /** "OMS", "ERP", … for messages */
  label: string;
  connection?: SystemConnection;
  /** the environment variables still to set when `connection` is missing */
  missing: string[];
}

/**
 * The shared core of the per-system clients: resolves the setting on every call (so an unconfigured
 * system fails the call that needs it, with the variable to set, not the worker at boot), adds the
 * credentials, and checks every answer against its schema.
 */
export class IntegrationClient {
  constructor(readonly setting: SystemSetting) {}

  get configured(): boolean {
    return this.setting.connection !== undefined;
  }

  private connection(): SystemConnection {
    const c = this.setting.connection;
    if (c) return c;
    throw ApplicationFailure.create({
      message: `${this.setting.label} is not configured: set ${this.setting.missing.join(', ')} (or FIXFLOW_SIMULATOR_URL for the sandbox)`,
      type: 'IntegrationNotConfigured',
      nonRetryable: true,
      details: [{ system: this.setting.system, missing: this.setting.missing }],
    });
  }

  get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
    return this.call('GET', path, undefined, undefined, schema);
  }

  /** Every write carries the caller's idempotency key (see integrationKey). */
  post<S extends z.ZodType>(path: string, body: unknown, idempotencyKey: string, schema: S): Promise<z.infer<S>> {
    if (!idempotencyKey)
      throw ApplicationFailure.nonRetryable(`${this.setting.label} POST ${path}: an idempotency key is required`, 'IntegrationMisuse');
    return this.call('POST', path, body, idempotencyKey, schema);
  }

  private async call<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    idempotencyKey: string | undefined,
    schema: S,
  ): Promise<z.infer<S>> {
    const c = this.connection();
    const res = await callJson(method, c.baseUrl.replace(/\/+$/, '') + path, body, {
      system: this.setting.label,
      idempotencyKey,
      timeoutMs: c.timeoutMs,
      apiKey: c.apiKey,
      signingSecret: c.secret,
    });
    const parsed = schema.safeParse(res.json);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    throw ApplicationFailure.create({
      message: `${this.setting.label} ${method} ${path} answered ${res.status} with an unexpected body: ${issues.join('; ')}`,
      type: 'IntegrationBadResponse',
      nonRetryable: true,
      details: [{ system: this.setting.system, body: res.json }],
    });
  }
}

/** Path segments from ids, escaped (an order id is data, never a path). */
export const seg = (s: string) => encodeURIComponent(s);
