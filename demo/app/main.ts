// The QA demo page: the sample document in the real viewer through this library, a live status
// panel, fault buttons for the stand-in, and an event log. See demo/index.html for the layout.
import { Banner } from './banner';
import { DemoSession } from './demo-session';
import type {} from './demo-window';
import { allOf, byId } from './dom';
import { describeEvent } from './event-line';
import { EventLog } from './event-log';
import { FaultPanel } from './fault-panel';
import { errorText } from './format';
import { readPageParams, rememberToggles, type ViewerSettings } from './page-params';
import { countEvent, emptyStats } from './session-stats';
import { StandInStatus } from './stand-in-status';
import { StatusPanel } from './status-panel';
import { nextPage, renewNow, zoomIn } from './viewer-actions';

const params = readPageParams();
const settings: ViewerSettings = { ...params }; // the toggles change proactive/instant
const demo = new DemoSession();
const stats = emptyStats();
const log = new EventLog();
const banner = new Banner();
const panel = new StatusPanel(demo, stats, () => settings.proactive);
const toggles = { proactive: byId<HTMLInputElement>('toggle-proactive'), instant: byId<HTMLInputElement>('toggle-instant') };

function signInAgain(): void {
  banner.hide();
  if (!demo.session) return void demo.start(settings); // ended before the viewer ever loaded
  log.action('sign in again (session.renew())');
  demo.session.renew().catch(() => undefined); // a failure shows as error/ended events
}

demo.listen({
  event(event) {
    countEvent(stats, event);
    log.add(describeEvent(event));
    if (event.type === 'ended') {
      banner.show({
        title: 'Session ended.',
        detail: 'The token endpoint says the user is signed out (HTTP 401/403); nothing renews until they sign in again.',
        actionLabel: 'Sign in again',
        onAction: signInAgain,
      });
    }
    if (event.type === 'renewed') banner.hide();
    panel.render();
  },
  status(status) {
    for (const toggle of Object.values(toggles)) toggle.disabled = status.kind === 'loading';
    if (status.kind === 'loading') banner.hide();
    if (status.kind === 'failed') {
      log.actionFailed(`viewer failed to load: ${errorText(status.error)}`);
      banner.show({ title: 'The viewer did not load.', detail: errorText(status.error), actionLabel: 'Try again', onAction: () => void demo.start(settings) });
    }
    panel.render();
  },
});

const viewerActions: Record<string, () => string> = {
  renew: () => renewNow(demo),
  'zoom-in': () => zoomIn(demo),
  'next-page': () => nextPage(demo),
};
for (const button of allOf<HTMLButtonElement>('[data-action]')) {
  button.addEventListener('click', () => log.action(viewerActions[button.dataset.action!]?.() ?? 'unknown action'));
}

for (const [key, toggle] of Object.entries(toggles) as [keyof typeof toggles, HTMLInputElement][]) {
  toggle.checked = settings[key];
  toggle.addEventListener('change', () => {
    settings[key] = toggle.checked;
    rememberToggles(settings);
    log.action(`reload viewer: ${key === 'proactive' ? 'proactive renewal' : 'Instant sync'} ${toggle.checked ? 'on' : 'off'}`);
    void demo.start(settings);
  });
}

const where = params.faultsEnabled ? 'local stand-in' : 'Document Engine';
byId('backend-label').textContent = `${where} ${params.engineUrl} · document “${params.documentId}”`;
const standIn = new StandInStatus();
const faults = new FaultPanel(log, standIn);
if (params.faultsEnabled) {
  faults.wire();
  standIn.start();
} else {
  faults.disable();
}

window.demo = {
  get session() { return demo.session; },
  events: demo.events,
  get loadStatus() { return demo.status.kind; },
};
void demo.start(settings);
