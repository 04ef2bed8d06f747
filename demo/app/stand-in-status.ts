// What the stand-in is doing right now (queued token faults, latency, engine up/down, sessions),
// polled every 2 s and refreshed after each admin action, so QA sees which faults are armed.
import { adminApi, type StandInState } from './admin-api';
import { allOf, byId } from './dom';
import { plural } from './format';

const POLL_MS = 2000;

export class StandInStatus {
  readonly #queued = byId('queued-faults');
  readonly #engine = byId('engine-status');

  start(): void {
    const poll = () => void adminApi.state().then((state) => this.show(state), () => this.#unreachable());
    poll();
    setInterval(poll, POLL_MS);
  }

  show(state: StandInState): void {
    const faults = state.tokenFaults.map((fault) => `${fault.mode} ×${fault.remaining}`);
    this.#queued.textContent = faults.length ? faults.join(', ') : 'none';
    this.#queued.dataset.armed = String(faults.length > 0);
    this.#engine.textContent = [
      state.engineUp ? 'Engine up' : 'Engine DOWN',
      `${state.sessions.active}/${state.sessions.total} sessions active`,
      plural(state.websockets, 'websocket'),
      `${state.tokenLifetimeSec} s tokens`,
    ].join(' · ');
    this.#engine.dataset.down = String(!state.engineUp);
    byId<HTMLButtonElement>('engine-down-button').disabled = !state.engineUp;
    byId<HTMLButtonElement>('engine-up-button').disabled = state.engineUp;
    this.showLatency(state.latency);
  }

  showLatency(latency: StandInState['latency']): void {
    for (const group of allOf('[data-latency]')) {
      const current = latency[group.dataset.latency as keyof StandInState['latency']];
      for (const button of group.querySelectorAll<HTMLButtonElement>('button[data-ms]')) {
        button.setAttribute('aria-pressed', String(Number(button.dataset.ms) === current));
      }
    }
  }

  #unreachable(): void {
    this.#engine.textContent = 'Stand-in admin API unreachable';
    this.#engine.dataset.down = 'true';
  }
}
