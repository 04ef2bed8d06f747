// The QA demo page: the sample document in the real viewer through this library; beside it the
// library's view (status), the engine's view (from the stand-in), the QA checklist, fault buttons,
// the session log and the request log; under it the timeline. See demo/index.html for the layout.
import { Banner } from './banner';
import { readBreakMode } from './broken-build';
import { buildLine, testedBuild } from './build-label';
import { ChecklistPanel } from './checklist/checklist-panel';
import type { ContextDeps, ViewerToggles } from './checklist/context';
import { ChecklistRunner } from './checklist/runner';
import { SCENARIOS } from './checklist/scenarios';
import { DemoSession } from './demo-session';
import { DiagnosisPanel } from './diagnosis-panel';
import type {} from './demo-window';
import { allOf, byId } from './dom';
import { type Judged, type Verdict, RefusalJudge, refusalLines } from './engine-refusals';
import { EngineView } from './engine-view';
import { describeEvent } from './event-line';
import { EventLog } from './event-log';
import { FaultPanel } from './fault-panel';
import { explainEvent, failureVerdict } from './fault-explainer';
import { errorText } from './format';
import { readPageParams, rememberToggles, type ViewerSettings } from './page-params';
import { PageErrors, showPageErrors } from './page-errors';
import { realNow } from './page-clock';
import { QaActions } from './qa-actions';
import { QaRun } from './qa-run';
import { download, reportHtml, reportJson, type ReportInput } from './report';
import { RequestFeed } from './request-feed';
import { RequestView } from './request-view';
import { countEvent, emptyStats } from './session-stats';
import { SideFrame } from './side-frame';
import { StandInStatus } from './stand-in-status';
import { StatusPanel } from './status-panel';
import { wireTabs } from './tabs';
import { Timeline } from './timeline';
import { nextPage, renewNow, zoomIn } from './viewer-actions';

const params = readPageParams();
const settings: ViewerSettings = { ...params }; // the toggles change proactive/instant
const run = new QaRun();
const demo = new DemoSession(readBreakMode());
const stats = emptyStats();
const log = new EventLog();
const banner = new Banner();
const panel = new StatusPanel(demo, stats, () => settings.proactive);
const toggles = { proactive: byId<HTMLInputElement>('toggle-proactive'), instant: byId<HTMLInputElement>('toggle-instant') };
const standIn = new StandInStatus();
const actions = new QaActions(log, standIn, run);
const feed = new RequestFeed(run);
const judge = new RefusalJudge(run, demo);
const verdicts = new Map<number, Verdict>();
/** Failed requests that are not engine refusals (fault-explainer.ts), for the Requests tab and the export. */
const failureVerdicts = new Map<number, Verdict>();
const engineView = new EngineView(demo, feed, log, run);
const requestView = new RequestView();
const diagnosis = new DiagnosisPanel(demo);
const pageErrors = new PageErrors(log, run, params.engineUrl);
pageErrors.install();

function signInAgain(): void {
  banner.hide();
  if (!demo.session) return void demo.start(settings); // ended before the viewer ever loaded
  log.action('sign in again (session.renew())');
  demo.session.renew().catch(() => undefined); // a failure shows as error/ended events
}

demo.listen({
  event(event) {
    countEvent(stats, event);
    const line = describeEvent(event);
    // A retry, error or end that QA's own fault explains says so (and is not red).
    const why = line && explainEvent(run, event, realNow());
    if (why && event.type === 'error') stats.explainedErrors += 1;
    log.add(line && why ? { kind: event.type === 'retrying' ? 'retrying' : 'expected', text: `${line.text} (expected: ${why})` } : line);
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
    if (status.kind === 'loaded') log.add({ kind: 'action', text: `viewer loaded (proactive ${settings.proactive ? 'on' : 'off'}, Instant ${settings.instant ? 'on' : 'off'})` });
    if (status.kind === 'failed') {
      log.actionFailed(`viewer failed to load: ${errorText(status.error)}`);
      banner.show({ title: 'The viewer did not load.', detail: errorText(status.error), actionLabel: 'Try again', onAction: () => void demo.start(settings) });
    }
    panel.render();
  },
});

/** Records verdicts (new or revised) and recounts the engine's view from them. */
function applyVerdicts(judged: Judged[]): void {
  for (const { entry, verdict } of judged) verdicts.set(entry.seq, verdict);
  engineView.expectedRefusals = [...verdicts.values()].filter((v) => v.expected).length;
  engineView.unexpectedRefusals = verdicts.size - engineView.expectedRefusals;
  for (const line of refusalLines(judged)) log.add(line);
}

feed.listen((added) => {
  applyVerdicts(judge.judge(added));
  for (const entry of added) {
    const verdict = failureVerdict(run, entry);
    if (verdict) failureVerdicts.set(entry.seq, verdict);
  }
  requestView.add(added, verdicts, (entry) => failureVerdicts.get(entry.seq));
  const revised = judge.overdue(feed.readAt);
  applyVerdicts(revised);
  requestView.revise(revised);
  engineView.render();
});

const viewerActions: Record<string, () => string> = {
  renew: () => renewNow(demo),
  'zoom-in': () => zoomIn(demo),
  'next-page': () => nextPage(demo),
};
for (const button of allOf<HTMLButtonElement>('[data-action]')) {
  button.addEventListener('click', () => log.action(viewerActions[button.dataset.action!]?.() ?? 'unknown action'));
}

/** Reloads the viewer with `wanted` toggles and resolves once it loaded (or failed). */
async function reload(wanted: ViewerToggles): Promise<void> {
  Object.assign(settings, { ...wanted, sharing: wanted.sharing ?? false });
  toggles.proactive.checked = settings.proactive;
  toggles.instant.checked = settings.instant;
  rememberToggles(settings);
  log.action(`reload viewer: proactive renewal ${settings.proactive ? 'on' : 'off'}, Instant sync ${settings.instant ? 'on' : 'off'}${settings.sharing ? ', sharing with other tabs on' : ''}`);
  run.mark('viewer', 'viewer reloaded');
  await demo.start(settings);
}

for (const [key, toggle] of Object.entries(toggles) as [keyof typeof toggles, HTMLInputElement][]) {
  toggle.checked = settings[key];
  toggle.addEventListener('change', () => void reload({ ...settings, [key]: toggle.checked }));
}

const deps: ContextDeps = {
  demo,
  feed,
  log,
  actions,
  reload,
  clickBanner: () => {
    const button = byId<HTMLButtonElement>('banner-action');
    if (byId('banner').hidden) return false;
    button.click();
    return true;
  },
  bannerShown: () => !byId('banner').hidden,
  sideFrame: new SideFrame(),
  mark: (kind, label) => run.mark(kind, label),
};
const runner = new ChecklistRunner(SCENARIOS, deps, log, run);
new ChecklistPanel(runner);

const timeline = new Timeline({
  run,
  events: () => demo.timed,
  requests: () => feed.entries,
  verdicts: () => verdicts,
  scenarios: () =>
    runner.results.filter((r) => r.startedAt !== undefined).map((r) => ({ at: r.startedAt!, end: r.endedAt, label: r.title, status: r.status })),
  explained: (at, event) => explainEvent(run, event, at) !== undefined,
});

const build = testedBuild(demo.breakMode);
byId('build-label').textContent = buildLine(build);

function reportInput(): ReportInput {
  return {
    build,
    engineUrl: params.engineUrl,
    documentId: params.documentId,
    settings: demo.settings,
    runStartedAt: run.startedAt,
    state: demo.status.kind === 'loaded' ? (demo.session?.state ?? 'unknown') : demo.status.kind,
    log: log.lines,
    requests: feed.entries,
    verdicts: new Map([...failureVerdicts, ...verdicts]),
    engine: feed.report,
    checklist: runner.results,
    timelineSvg: timeline.svg(1200),
    diagnosis: diagnosis.snapshot(),
  };
}

function exportReport(): void {
  const input = reportInput();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  download(`qa-report-${stamp}.json`, 'application/json', JSON.stringify(reportJson(input), null, 2));
  download(`qa-report-${stamp}.html`, 'text/html', reportHtml(input));
  log.action(`exported qa-report-${stamp}.json and .html`);
}

/** Counters, queued faults, the log, the request log and the checklist marks start again together. */
async function resetRun(): Promise<void> {
  if (runner.busy) return log.actionFailed('reset: the checklist is running');
  if (params.faultsEnabled) await actions.clearTokenFaults().catch(() => undefined);
  byId<HTMLInputElement>('fault-count').value = '1';
  const startSeq = params.faultsEnabled ? await feed.reset() : 0;
  run.reset(startSeq);
  Object.assign(stats, { ...emptyStats(), state: stats.state, tokenReceivedAt: stats.tokenReceivedAt });
  log.clear();
  requestView.clear();
  judge.reset();
  verdicts.clear();
  failureVerdicts.clear();
  engineView.resetCounts();
  pageErrors.reset();
  runner.resetResults();
  log.action('reset: counters, queued faults, logs and checklist cleared');
  panel.render();
  engineView.render();
  timeline.render();
}

byId('reset-run').addEventListener('click', () => void resetRun());
byId('export-report').addEventListener('click', exportReport);
wireTabs();

const where = params.faultsEnabled ? 'local stand-in' : 'Document Engine';
byId('backend-label').textContent = `${where} ${params.engineUrl} · document “${params.documentId}”`;
const faults = new FaultPanel(actions);
if (params.faultsEnabled) {
  faults.wire();
  standIn.start();
  feed.start();
} else {
  faults.disable();
  byId<HTMLButtonElement>('checklist-run-all').disabled = true;
}
timeline.start();
setInterval(() => {
  engineView.render();
  diagnosis.render();
  showPageErrors(pageErrors);
}, 1000);

window.demo = {
  get session() { return demo.session; },
  events: demo.events,
  get loadStatus() { return demo.status.kind; },
  get loadError() { return demo.status.kind === 'failed' ? errorText(demo.status.error) : undefined; },
  checklist: runner.results,
  runChecklist: () => runner.runAll(),
  runScenario: (id: string) => runner.runOne(id),
  get checklistBusy() { return runner.busy; },
  report: () => reportJson(reportInput()),
  reportHtml: () => reportHtml(reportInput()),
  reset: () => resetRun(),
};
void demo.start(settings);
