// How times and errors read in the panel and the log.

const two = (n: number) => String(n).padStart(2, '0');

/** What a time that is missing (undefined, NaN) reads as: never a RangeError from Date. */
const UNKNOWN_TIME = 'unknown time';

/** 14:03:27.512 (local time, milliseconds: renewals happen within the same second). */
export function clockTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return UNKNOWN_TIME;
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** 14:03:27 */
export function shortClockTime(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? UNKNOWN_TIME : clockTime(ms).slice(0, 8);
}

/** 2026-12-07T04:03:27.512Z, or "unknown time" for a missing one. */
export function isoTime(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? UNKNOWN_TIME : new Date(ms).toISOString();
}

/** 42.3 s, 2 min 05 s */
export function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return 'unknown';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(abs)} ms`;
  if (abs < 120_000) return `${(abs / 1000).toFixed(1)} s`;
  const totalSec = Math.floor(abs / 1000);
  return `${Math.floor(totalSec / 60)} min ${two(totalSec % 60)} s`;
}

/** "in 42.3 s" or "3.1 s ago". */
export function relative(targetMs: number, now = Date.now()): string {
  const delta = targetMs - now;
  return delta >= 0 ? `in ${duration(delta)}` : `${duration(delta)} ago`;
}

/** Name and message only: the library's errors never carry token text, and neither does this. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
