// The "Token endpoint faults" and "Engine faults" blocks: each button is one QaActions call. The
// "Next N" count goes back to 1 once used: what is armed shows under "Queued", with "clear".
import type { StandInState, TokenFaultMode } from './admin-api';
import { allOf, byId } from './dom';
import type { QaActions } from './qa-actions';

export class FaultPanel {
  readonly #count = byId<HTMLInputElement>('fault-count');

  constructor(private readonly actions: QaActions) {}

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
        this.#count.value = '1';
        await this.actions.queueTokenFault(mode, count);
      });
    }
    const actions: Record<string, () => Promise<void>> = {
      'clear-token-faults': () => this.actions.clearTokenFaults(),
      expire: () => this.actions.expireSessions(),
      revoke: () => this.actions.revokeSessions(),
      'drop-websockets': () => this.actions.dropWebsockets(),
      'engine-down': () => this.actions.engineDown(),
      'engine-up': () => this.actions.engineUp(),
    };
    for (const button of allOf<HTMLButtonElement>('[data-admin]')) {
      const action = actions[button.dataset.admin!];
      if (action) this.#on(button, action);
    }
    for (const group of allOf('[data-latency]')) {
      const key = group.dataset.latency as keyof StandInState['latency'];
      for (const button of group.querySelectorAll<HTMLButtonElement>('button[data-ms]')) {
        this.#on(button, () => this.actions.setLatency(key, Number(button.dataset.ms)));
      }
    }
  }

  #faultCount(): number {
    const count = Math.round(Number(this.#count.value));
    return Number.isFinite(count) && count >= 1 ? Math.min(count, 99) : 1;
  }

  #on(button: HTMLButtonElement, action: () => Promise<void>): void {
    // QaActions has logged the failure already.
    button.addEventListener('click', () => void action().catch(() => undefined));
  }
}
