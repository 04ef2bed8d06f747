// The "Diagnosis" tab: `session.diagnose()` live, as a support engineer would get it in a ticket
// (issue 19). Re-read every second; the export carries the same snapshot.
import type { SessionDiagnosis } from '../../src/index';
import type { DemoSession } from './demo-session';
import { byId } from './dom';

export class DiagnosisPanel {
  readonly #view = byId<HTMLPreElement>('diagnosis-view');

  constructor(private readonly demo: DemoSession) {
    byId('diagnosis-copy').addEventListener('click', () => void navigator.clipboard?.writeText(this.#view.textContent ?? ''));
  }

  /** The snapshot now; undefined before a viewer has loaded. */
  snapshot(): SessionDiagnosis | undefined {
    return this.demo.session?.diagnose();
  }

  render(): void {
    const snapshot = this.snapshot();
    this.#view.textContent = snapshot ? JSON.stringify(snapshot, null, 2) : 'No session yet: the viewer is loading or failed to load.';
  }
}
