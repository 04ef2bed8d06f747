// "Export": the run as one JSON file and one readable HTML page with the timeline as SVG, ready to
// attach to a ticket. Session log, the stand-in's requests (ISO times, admin calls left out),
// the engine's view and the checklist. Built from the same data the page shows: no token text.
import type { RequestEntry, SessionReport } from './admin-api';
import { buildLine, type TestedBuild } from './build-label';
import type { ScenarioResult } from './checklist/scenario';
import type { LoggedLine } from './event-log';
import type { Verdict } from './engine-refusals';
import type { SessionDiagnosis } from '../../src/index';
import { realNow } from './page-clock';

export interface ReportInput {
  /** The library build, its commit, the SDK and the browser tested. */
  build: TestedBuild;
  engineUrl: string;
  documentId: string;
  settings: { proactive: boolean; instant: boolean } | undefined;
  runStartedAt: number;
  state: string;
  log: readonly LoggedLine[];
  requests: readonly RequestEntry[];
  verdicts: ReadonlyMap<number, Verdict>;
  engine: SessionReport | undefined;
  checklist: readonly ScenarioResult[];
  timelineSvg: string;
  /** `session.diagnose()` at export time. */
  diagnosis?: SessionDiagnosis | undefined;
  now?: number;
}

const iso = (ms: number | undefined) => (ms === undefined || !Number.isFinite(ms) ? undefined : new Date(ms).toISOString());

export function reportJson(input: ReportInput) {
  const now = input.now ?? realNow();
  return {
    format: 'nutrient-viewer-session QA report v1',
    generatedAt: iso(now),
    build: input.build,
    engineUrl: input.engineUrl,
    documentId: input.documentId,
    viewer: input.settings ?? null,
    run: { startedAt: iso(input.runStartedAt), state: input.state },
    checklist: input.checklist.map((r) => ({ ...r, startedAt: iso(r.startedAt), endedAt: iso(r.endedAt) })),
    sessionLog: input.log.map(({ at, kind, text }) => ({ time: iso(at), kind, text })),
    engine: input.engine ?? null,
    diagnosis: input.diagnosis ?? null,
    requests: input.requests.map(({ seq, time, ...rest }) => {
      const verdict = input.verdicts.get(seq);
      return { seq, time: iso(time), ...rest, ...(verdict && { expected: verdict.expected, why: verdict.why }) };
    }),
  };
}

const esc = (text: unknown) => String(text ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function reportHtml(input: ReportInput): string {
  const json = reportJson(input);
  const passed = input.checklist.filter((r) => r.status === 'passed').length;
  const failed = input.checklist.filter((r) => r.status === 'failed').length;
  const rows = (cells: unknown[][]) => cells.map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Viewer session QA report ${esc(json.generatedAt)}</title>
<style>body{font:13px system-ui,sans-serif;margin:24px;color:#1c2330}table{border-collapse:collapse;width:100%;margin:8px 0 20px}td,th{border:1px solid #dfe2e7;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f4f5f7}.passed{color:#1f8a4c;font-weight:600}.failed{color:#c62828;font-weight:600}code,td.mono{font-family:ui-monospace,monospace;font-size:11.5px}</style>
</head><body>
<h1>Viewer session QA report</h1>
<p><b>Build tested:</b> ${esc(buildLine(input.build))}<br><small>commit ${esc(input.build.commit)} · browser ${esc(input.build.browser)}</small></p>
<p>Generated ${esc(json.generatedAt)} · run started ${esc(json.run.startedAt)} · engine ${esc(input.engineUrl)} · document “${esc(input.documentId)}” · proactive ${esc(input.settings?.proactive)} · Instant ${esc(input.settings?.instant)} · state now <b>${esc(input.state)}</b></p>
<h2>Checklist: ${passed} passed, ${failed} failed, ${input.checklist.length - passed - failed} not run</h2>
<table><tr><th>Scenario</th><th>Result</th><th>Expected</th><th>Evidence</th></tr>
${input.checklist.map((r) => `<tr><td>${esc(r.title)}</td><td class="${r.status === 'passed' ? 'passed' : r.status === 'failed' ? 'failed' : ''}">${esc(r.status)}</td><td>${esc(r.expected)}</td><td>${r.cause ? `<b>Cause: ${esc(r.cause)}</b><br>` : ''}${r.evidence.map(esc).join('<br>')}</td></tr>`).join('\n')}
</table>
<h2>Timeline</h2>
${input.timelineSvg}
<h2>Engine's view</h2>
<pre>${esc(JSON.stringify(input.engine ?? null, null, 2))}</pre>
<h2>session.diagnose() at export</h2>
<pre>${esc(JSON.stringify(input.diagnosis ?? null, null, 2))}</pre>
<h2>Session log (${input.log.length} lines)</h2>
<table><tr><th>Time (UTC)</th><th>Kind</th><th>Text</th></tr>
${rows(json.sessionLog.map((l) => [l.time, l.kind, l.text]))}
</table>
<h2>Stand-in requests (${json.requests.length}, admin calls left out)</h2>
<table class="mono"><tr><th>Time (UTC)</th><th>Server</th><th>Kind</th><th>Request</th><th>Status</th><th>Session</th><th>ms</th><th>Note</th></tr>
${rows(json.requests.map((r) => [r.time, r.server, r.kind, `${r.method} ${r.path}`, r.status, r.session, r.ms, 'expected' in r ? `${r.expected ? 'expected' : 'UNEXPECTED'}: ${r.why}` : (r.detail ?? '')]))}
</table>
</body></html>`;
}

/** Starts a browser download of `text` as `name`. */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
