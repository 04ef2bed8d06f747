// One event-log line per session event: what happened, why, and the numbers that matter.
// Only names, statuses, counts and times: never a token's text.
import type { SessionEvent } from '../../src/index';
import { clockTime, duration, errorText, plural } from './format';

export interface LogLine {
  /** Colour class: a session event type, or 'action' for what the user did in the panel. */
  kind: SessionEvent['type'] | 'action' | 'action-error';
  text: string;
}

export function describeEvent(event: SessionEvent): LogLine {
  switch (event.type) {
    case 'renewing':
      return { kind: event.type, text: `renewing (${event.reason})` };
    case 'renewed':
      return {
        kind: event.type,
        text: `renewed (${event.reason}) in ${duration(event.durationMs)}, ${plural(event.attempts, 'attempt')}; expires ${event.expiresAt === undefined ? 'at an unknown time' : clockTime(event.expiresAt)}`,
      };
    case 'retrying': {
      const status = event.status === undefined ? '' : ` HTTP ${event.status},`;
      return {
        kind: event.type,
        text: `retrying (${event.reason}): attempt ${event.attempt} failed,${status} ${event.error.name}; next in ${duration(event.delayMs)}, ${duration(event.timeLeftMs)} left`,
      };
    }
    case 'error':
      return { kind: event.type, text: `error (${event.reason})${event.fatal ? ' [fatal]' : ''}: ${errorText(event.error)}` };
    case 'ended':
      return { kind: event.type, text: `ended (${event.reason}): ${errorText(event.error)}` };
    case 'state':
      return { kind: event.type, text: `state ${event.previous} → ${event.state}` };
  }
}
