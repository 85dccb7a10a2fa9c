/**
 * Timestamps in reports come in many shapes: nanosecond fractions (Trivy), local offsets
 * (Grype), no zone at all, or nothing. The cycle stores UTC with `Z`, to the second, so a
 * re-import of the same report compares equal.
 */

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Normalize an ISO 8601 date-time to `YYYY-MM-DDTHH:MM:SSZ`. A value without a zone is read
 * as UTC; a date without a time is midnight UTC. Returns undefined for anything else,
 * including the zero dates some scanners print (`0001-01-01`).
 */
export function toUtcTimestamp(value: string | undefined): string | undefined {
  if (!value) {
    return undefined;
  }
  const match = TIMESTAMP.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const [, year, month, day, hour = '00', minute = '00', second = '00', zone] = match;
  if (Number(year) < 1970) {
    return undefined;
  }
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (calendar.getUTCMonth() !== Number(month) - 1 || calendar.getUTCDate() !== Number(day)) {
    return undefined;
  }
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    return undefined;
  }

  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  const millis = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) - offsetMinutes * 60_000;
  const date = new Date(millis);
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Return the `YYYY-MM-DD` part of a normalized timestamp. */
export function datePart(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** Normalize a date or date-time to `YYYY-MM-DD`, or return undefined. */
export function toDate(value: string | undefined): string | undefined {
  const timestamp = toUtcTimestamp(value);
  return timestamp ? datePart(timestamp) : undefined;
}
