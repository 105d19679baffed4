import { compilePiiRules, maskJson } from '../domain/pii/json-masker';
import { maskText } from '../domain/pii/pii-maskers';
import { DEFAULT_PII_RULES } from '../domain/pii/pii-rules';

/**
 * A small structured logger. Nothing secret or personal reaches the log: fields whose names look
 * like secrets are replaced, bearer and API tokens inside any text are cut, and personal data
 * (phones, ID numbers, bank cards, emails, street addresses) is masked by the default masking
 * rules, in field values and in the message alike. No one reads logs with PII permission, so logs
 * are always masked whatever the database's rules say.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const secretKey = /(token|secret|password|authorization|cookie|apikey|api_key)/i;
const secretText: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/\bffk_[A-Za-z0-9_-]+/g, 'ffk_[redacted]'],
  [/\b((?:access_?|refresh_?)?token|secret|password|signature|sig)=[^&\s"']+/gi, '$1=[redacted]'],
];
const logPiiRules = compilePiiRules(DEFAULT_PII_RULES);

function cutTokens(text: string): string {
  let out = text;
  for (const [re, by] of secretText) out = out.replace(re, by);
  return out;
}

/** A text with its tokens and personal data masked. */
export function scrubText(text: string): string {
  return maskText(cutTokens(text)).text;
}

// Personal data is left to maskJson, which masks a field named `address` whole, not just its street.
function stripSecrets(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return cutTokens(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => stripSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = secretKey.test(k) ? '[redacted]' : stripSecrets(v, depth + 1);
  }
  return out;
}

export function redact(value: unknown): unknown {
  return maskJson(stripSecrets(value, 0), logPiiRules).value;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(component: string): Logger;
}

/** Where finished lines go; stdout/stderr unless a test collects them. */
export type LogSink = (line: string, level: Level) => void;
const stdSink: LogSink = (line, lvl) => (lvl === 'error' || lvl === 'warn' ? process.stderr : process.stdout).write(line + '\n');

export function createLogger(
  component: string,
  level: Level = (process.env.LOG_LEVEL as Level) || 'info',
  sink: LogSink = stdSink,
): Logger {
  const min = order[level] ?? order.info;
  const emit = (lvl: Level, msg: string, fields?: Record<string, unknown>) => {
    if (order[lvl] < min) return;
    const extra = fields ? ' ' + JSON.stringify(redact(fields)) : '';
    const line = `${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} [${component}] ${scrubText(msg)}${extra}`;
    sink(line, lvl);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (c) => createLogger(`${component}:${c}`, level, sink),
  };
}
