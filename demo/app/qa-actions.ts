// What QA can do to the stand-in, the same for a button click and a checklist step: one admin
// call, one session-log line saying what was done (or why it failed), one mark on the timeline.
import { adminApi, type StandInState, type TokenFaultMode } from './admin-api';
import type { EventLog } from './event-log';
import { errorText, plural } from './format';
import type { QaRun } from './qa-run';
import type { StandInStatus } from './stand-in-status';

export const RETRY_AFTER_SEC = 2; // the 429 button's Retry-After

export const FAULT_LABELS: Record<TokenFaultMode, string> = {
  '500': '500', '503': '503', '429': `429 + Retry-After ${RETRY_AFTER_SEC}`, '401': '401 logged out',
  html: 'HTML login page', malformed: 'malformed token', hang: 'hang',
};

export class QaActions {
  constructor(private readonly log: EventLog, private readonly status: StandInStatus, private readonly run: QaRun) {}

  /** Runs `action`, logs its line and marks the timeline; a failure is logged and rethrown. */
  async #do(kind: string, action: () => Promise<string>): Promise<void> {
    try {
      const text = await action();
      this.run.mark(kind, text);
      this.log.action(text);
    } catch (error) {
      this.log.actionFailed(`${kind}: ${errorText(error)}`);
      throw error;
    }
  }

  #show(state: StandInState): void {
    this.status.show(state);
  }

  queueTokenFault(mode: TokenFaultMode, count: number): Promise<void> {
    return this.#do('token-fault', async () => {
      this.#show(await adminApi.queueTokenFault(mode, count, mode === '429' ? RETRY_AFTER_SEC : undefined));
      return `queued: next ${plural(count, 'token request')} answer ${FAULT_LABELS[mode]}`;
    });
  }

  clearTokenFaults(): Promise<void> {
    return this.#do('token-fault', async () => (this.#show(await adminApi.clearTokenFaults()), 'cleared queued token faults'));
  }

  expireSessions(): Promise<void> {
    return this.#do('expire', async () => (this.#show(await adminApi.expireSessions()), 'engine fault: expired all engine sessions and tokens'));
  }

  revokeSessions(): Promise<void> {
    return this.#do('revoke', async () => (this.#show(await adminApi.revokeSessions()), 'engine fault: revoked all engine sessions and tokens'));
  }

  dropWebsockets(): Promise<void> {
    return this.#do('websockets', async () => `engine fault: dropped ${plural((await adminApi.dropWebsockets()).dropped, 'websocket')}`);
  }

  engineDown(): Promise<void> {
    return this.#do('engine-down', async () => (this.#show(await adminApi.engineDown()), 'engine fault: engine DOWN (connections refused)'));
  }

  engineUp(): Promise<void> {
    return this.#do('engine-up', async () => (this.#show(await adminApi.engineUp()), 'engine fault cleared: engine up'));
  }

  setLatency(key: keyof StandInState['latency'], ms: number): Promise<void> {
    return this.#do('latency', async () => {
      this.status.showLatency(await adminApi.setLatency({ [key]: ms }));
      return `${key === 'tokenMs' ? 'token endpoint' : 'engine fault: engine'} latency ${ms} ms`;
    });
  }

  setTokenLifetime(seconds: number): Promise<void> {
    return this.#do('config', async () => (this.#show(await adminApi.configure({ tokenLifetimeSec: seconds })), `new tokens live ${seconds} s`));
  }
}
