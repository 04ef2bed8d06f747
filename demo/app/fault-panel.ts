// The "Token endpoint faults" and "Engine faults" blocks: each button is one admin-API call; what
// was done (or why it failed) goes into the event log next to the session's reaction.
import { adminApi, type StandInState, type TokenFaultMode } from './admin-api';
import { allOf, byId } from './dom';
import type { EventLog } from './event-log';
import { errorText, plural } from './format';
import type { StandInStatus } from './stand-in-status';

type AdminAction = () => Promise<string>; // resolves to the log line

const RETRY_AFTER_SEC = 2; // the 429 button's Retry-After

export class FaultPanel {
  readonly #count = byId<HTMLInputElement>('fault-count');

  constructor(private readonly log: EventLog, private readonly status: StandInStatus) {}

  /** Against a real Document Engine there is no admin API: the controls stay visible but off. */
  disable(): void {
    for (const section of allOf('[data-needs-stand-in]')) {
      section.classList.add('disabled');
      for (const control of section.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input')) control.disabled = true;
    }
    byId('stand-in-note').hidden = false;
  }

  wire(): void {
    for (const button of allOf<HTMLButtonElement>('[data-token-fault]')) {
      const mode = button.dataset.tokenFault as TokenFaultMode;
      this.#on(button, async () => {
        const count = this.#faultCount();
        const state = await adminApi.queueTokenFault(mode, count, mode === '429' ? RETRY_AFTER_SEC : undefined);
        this.status.show(state);
        return `next ${plural(count, 'token request')} answer ${button.textContent}`;
      });
    }
    const actions: Record<string, AdminAction> = {
      'clear-token-faults': async () => (this.status.show(await adminApi.clearTokenFaults()), 'cleared queued token faults'),
      expire: async () => (this.status.show(await adminApi.expireSessions()), 'expired all engine sessions and tokens'),
      revoke: async () => (this.status.show(await adminApi.revokeSessions()), 'revoked all engine sessions and tokens'),
      'drop-websockets': async () => `dropped ${plural((await adminApi.dropWebsockets()).dropped, 'websocket')}`,
      'engine-down': async () => (this.status.show(await adminApi.engineDown()), 'engine down (connections refused)'),
      'engine-up': async () => (this.status.show(await adminApi.engineUp()), 'engine up'),
    };
    for (const button of allOf<HTMLButtonElement>('[data-admin]')) {
      const action = actions[button.dataset.admin!];
      if (action) this.#on(button, action);
    }
    for (const group of allOf('[data-latency]')) {
      const key = group.dataset.latency as keyof StandInState['latency'];
      for (const button of group.querySelectorAll<HTMLButtonElement>('button[data-ms]')) {
        this.#on(button, async () => {
          const latency = await adminApi.setLatency({ [key]: Number(button.dataset.ms) });
          this.status.showLatency(latency);
          return `${key === 'tokenMs' ? 'token endpoint' : 'engine'} latency ${button.dataset.ms} ms`;
        });
      }
    }
  }

  #faultCount(): number {
    const count = Math.round(Number(this.#count.value));
    return Number.isFinite(count) && count >= 1 ? count : 1;
  }

  #on(button: HTMLButtonElement, action: AdminAction): void {
    button.addEventListener('click', async () => {
      try {
        this.log.action(await action());
      } catch (error) {
        this.log.actionFailed(`${button.textContent}: ${errorText(error)}`);
      }
    });
  }
}
