// One session-log line per thing that happened: a renewal is one line (its "renewing" event and
// its state changes are folded into it), a retry, an error, the end. Only names, statuses, counts
// and times: never a token's text.
import type { SessionEvent } from '../../src/index';
import { clockTime, duration, errorText, plural } from './format';

export interface LogLine {
  /** Colour class: a session event type, 'action' (what QA did), 'engine' (the stand-in's side), 'expected'. */
  kind: SessionEvent['type'] | 'action' | 'action-error' | 'engine' | 'expected' | 'warning';
  text: string;
}

/** States reached inside a renewal (starting → renewing → active) say nothing the renewal line does not. */
const FOLDED_STATES = new Set(['starting', 'renewing', 'active', 'ended', 'unloaded']);

/** The line for `event`, or undefined when it is folded into another line. */
export function describeEvent(event: SessionEvent): LogLine | undefined {
  switch (event.type) {
    case 'renewing':
      return undefined; // the renewed / error line says which renewal it was
    case 'renewed':
      return {
        kind: event.type,
        text: `renewed (${event.reason}${event.source === 'other-tab' ? ', from another tab' : ''}) in ${duration(event.durationMs)}, ${plural(event.attempts, 'attempt')} → active; expires ${event.expiresAt === undefined ? 'at an unknown time' : clockTime(event.expiresAt)}`,
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
      return { kind: event.type, text: `ended (${event.reason}) → ended: ${errorText(event.error)}` };
    case 'state':
      if (FOLDED_STATES.has(event.state)) return undefined;
      return { kind: event.type, text: `state ${event.previous} → ${event.state}` };
  }
}
