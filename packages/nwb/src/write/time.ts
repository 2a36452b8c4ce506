// isodatetime values as pynwb writes them: datetime.isoformat() of a timezone-aware datetime.
import { SdkError } from '@sdk/core';

/** A Date (written in UTC) or ISO 8601 text that carries a time zone. */
export type DateInput = Date | string;

const ZONED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** `YYYY-MM-DDTHH:MM:SS[.ffffff]+HH:MM` (fraction only when non-zero, like Python). */
export function formatIsoDatetime(value: DateInput, field: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new SdkError('E_VALIDATION', `${field}: invalid Date`);
    const ms = value.getUTCMilliseconds();
    const frac = ms === 0 ? '' : `.${pad(ms * 1000, 6)}`;
    return (
      `${pad(value.getUTCFullYear(), 4)}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}` +
      `T${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}${frac}+00:00`
    );
  }
  if (typeof value !== 'string')
    throw new SdkError('E_VALIDATION', `${field}: expected a Date or ISO 8601 text`);
  const m = ZONED.exec(value);
  if (!m) {
    throw new SdkError(
      'E_VALIDATION',
      `${field}: "${value}" is not ISO 8601 date-time text with a time zone (e.g. 2024-01-02T03:04:05-07:00)`,
    );
  }
  if (Number.isNaN(Date.parse(value)))
    throw new SdkError('E_VALIDATION', `${field}: "${value}" is not a valid date`);
  const zone = m[8] as string;
  const tz =
    zone === 'Z' ? '+00:00' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const frac = m[7] ?? '';
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${frac}${tz}`;
}

/** Milliseconds since the epoch of a formatted isodatetime. */
export function isoToMillis(text: string): number {
  return Date.parse(text);
}
