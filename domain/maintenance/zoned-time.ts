/**
 * Wall-clock time in an IANA time zone, with nothing but Intl: maintenance cycles are agreed with
 * customers in their local time ("the 25th of every third month at 09:30, Beijing time"), while
 * Temporal and PostgreSQL store instants.
 */
export interface LocalDateTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of `instant` in `timeZone`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

const asUtc = (l: LocalDateTime) => Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);

/**
 * The instant whose wall clock in `timeZone` reads `local`. In a daylight-saving gap (a reading
 * that never happens) the instant after the gap is returned; in an overlap, the earlier one.
 */
export function fromLocal(local: LocalDateTime, timeZone: string): Date {
  const wanted = asUtc(local);
  const offsetAt = (t: number) => asUtc(toLocal(new Date(t), timeZone)) - t;
  // offset = wall clock − instant; two rounds settle it, also next to a transition.
  const first = offsetAt(wanted);
  const second = offsetAt(wanted - first);
  const instant = wanted - second;
  if (asUtc(toLocal(new Date(instant), timeZone)) === wanted) return new Date(instant);
  // In a gap no instant matches; the two rounds saw the offsets on either side. The smaller one
  // reads the wall clock as if the gap had not started: the instant the clocks jumped past it.
  return new Date(wanted - Math.min(first, second));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-11-25 09:30" in the given zone, as shown in ticket descriptions. */
export function formatLocal(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)}`;
}
