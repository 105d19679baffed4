/** How long sessions live and how hard sign-in is guarded. Tests shorten the windows and move the clock. */
export interface AuthPolicy {
  /** a session ends this long after sign-in, whatever happens */
  sessionTtlMs: number;
  /** …and sooner when unused this long */
  idleTimeoutMs: number;
  /** failed sign-ins in a row (per username) that lock it */
  maxFailures: number;
  lockoutMs: number;
  /** sign-in attempts one IP address may make per window, whatever the usernames */
  ipMaxAttempts: number;
  ipWindowMs: number;
  now: () => Date;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  sessionTtlMs: 12 * 3_600_000,
  idleTimeoutMs: 30 * 60_000,
  maxFailures: 5,
  lockoutMs: 15 * 60_000,
  ipMaxAttempts: 30,
  ipWindowMs: 60_000,
  now: () => new Date(),
};

export const SESSION_COOKIE = 'fixflow_session';
/** readable by the page, which echoes it in X-CSRF-Token on every unsafe request */
export const CSRF_COOKIE = 'fixflow_csrf';
export const CSRF_HEADER = 'x-csrf-token';
