// The timeline as one SVG string (live on the page, and the same picture in the exported report):
// QA's actions and checklist scenarios on top, each token's lifetime as a bar (issued → renew-at →
// expiry), the library's renewals (coloured by reason), retries with their delays, errors and the
// end, and the engine's answers as dots (2xx green, 401/403 red). Every mark has a <title>: hover
// shows the event. Times, reasons, statuses and session ids only: never token text.

export interface TokenBar { issuedAt: number; renewAt?: number; expiresAt: number; reason: string }
/** `expected`: a fault QA made explains it (drawn pink, not red). */
export interface LibraryMark { at: number; type: 'renewed' | 'retrying' | 'error' | 'ended' | 'expired'; reason?: string; delayMs?: number; label: string; expected?: boolean }
export interface EngineDot { at: number; status: number; kind: string; label: string; expected?: boolean }
export interface QaSpan { at: number; end?: number; label: string; status?: string }
export interface QaPoint { at: number; kind: string; label: string }

export interface TimelineData {
  from: number;
  to: number;
  tokens: TokenBar[];
  library: LibraryMark[];
  engine: EngineDot[];
  actions: QaPoint[];
  scenarios: QaSpan[];
}

export const REASON_COLOURS: Record<string, string> = {
  initial: '#64748b', proactive: '#1f8a4c', 'auth-failed': '#d9480f', wake: '#7048c4', manual: '#2f6fde',
};

const ROWS = { qa: 16, scenario: 32, token: 56, library: 90, auth: 112, tile: 125, sync: 138, axis: 158 };
const LEFT = 62;
const RIGHT = 10;
export const TIMELINE_HEIGHT = 176;
/** Roughly how wide one character of a 9 px label is: labels that would overlap are left out. */
const CHAR_PX = 5.2;

/** A QA action's few-letter label: "503×3", "expire", "down", "reload"... (the tooltip has the whole line). */
export function shortActionLabel({ kind, label }: QaPoint): string {
  if (kind === 'token-fault') {
    if (label.startsWith('cleared')) return 'clear';
    const mode = /answer (\S+)/.exec(label)?.[1] ?? 'fault';
    const count = Number(/next (\d+)/.exec(label)?.[1] ?? 1);
    return count > 1 ? `${mode}×${count}` : mode;
  }
  const names: Record<string, string> = { 'engine-down': 'down', 'engine-up': 'up', viewer: 'reload', config: 'lifetime', websockets: 'ws drop', scenario: '' };
  return names[kind] ?? kind;
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString().slice(11, 23) : 'unknown time');
const title = (text: string) => `<title>${escape(text)}</title>`;

function tickStep(spanMs: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600].map((s) => s * 1000);
  return steps.find((step) => spanMs / step <= 8) ?? 3_600_000;
}

/** Pink: a failure a fault QA made explains. */
const EXPECTED_RED = '#f08c84';

function dotColour({ status, expected }: EngineDot): string {
  if (status === 401 || status === 403) return expected ? EXPECTED_RED : '#c62828';
  if (status >= 200 && status < 400) return '#1f8a4c';
  return '#b7791f'; // 0 (gone), 404, 409, 5xx
}

/** The picture for `data` at `width` px. */
export function timelineSvg(data: TimelineData, width: number): string {
  const span = Math.max(1, data.to - data.from);
  const x = (at: number) => LEFT + ((Math.min(Math.max(at, data.from), data.to) - data.from) / span) * (width - LEFT - RIGHT);
  const parts: string[] = [];
  const label = (y: number, text: string) => parts.push(`<text x="4" y="${y + 4}" class="tl-label">${text}</text>`);
  label(ROWS.qa + 4, 'QA');
  label(ROWS.token, 'tokens');
  label(ROWS.library, 'library');
  label(ROWS.tile, 'engine');
  for (const y of [ROWS.token, ROWS.library, ROWS.tile]) parts.push(`<line x1="${LEFT}" x2="${width - RIGHT}" y1="${y}" y2="${y}" class="tl-guide"/>`);

  // Axis with clock ticks.
  const step = tickStep(span);
  parts.push(`<line x1="${LEFT}" x2="${width - RIGHT}" y1="${ROWS.axis}" y2="${ROWS.axis}" class="tl-axis"/>`);
  for (let t = Math.ceil(data.from / step) * step; t <= data.to; t += step) {
    const d = new Date(t);
    const text = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
    parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${ROWS.axis}" y2="${ROWS.axis + 4}" class="tl-axis"/><text x="${x(t)}" y="${ROWS.axis + 14}" class="tl-tick">${text}</text>`);
  }

  // Checklist scenarios and QA's actions.
  // Each scenario a bar with its name inside, cut to fit (the whole name is its tooltip).
  for (const s of data.scenarios) {
    const end = s.end ?? data.to;
    const colour = s.status === 'passed' ? '#1f8a4c' : s.status === 'failed' ? '#c62828' : '#2f6fde';
    const width = Math.max(2, x(end) - x(s.at));
    const fits = Math.floor((width - 4) / CHAR_PX);
    const name = fits >= 3 ? (s.label.length <= fits ? s.label : `${s.label.slice(0, fits - 1)}…`) : '';
    parts.push(`<g class="tl-scenario">${title(`${s.label}: ${s.status ?? 'running'} (${iso(s.at)} → ${iso(end)} UTC)`)}<rect x="${x(s.at)}" y="${ROWS.scenario - 6}" width="${width}" height="12" rx="2" fill="${colour}" fill-opacity="0.85"/>${name ? `<text x="${x(s.at) + 2}" y="${ROWS.scenario + 3}" class="tl-scenario-label">${escape(name)}</text>` : ''}</g>`);
  }
  // QA's actions: a triangle each, labelled when the label does not run into the previous one.
  let labelEnd = -Infinity;
  data.actions.forEach((a, i) => {
    const cx = x(a.at);
    const short = shortActionLabel(a);
    const nextX = i + 1 < data.actions.length ? x(data.actions[i + 1]!.at) : Infinity;
    parts.push(`<path class="tl-action" data-kind="${escape(a.kind)}" d="M${cx - 4},${ROWS.qa - 6} L${cx + 4},${ROWS.qa - 6} L${cx},${ROWS.qa + 2} Z">${title(`${iso(a.at)} UTC · ${a.label}`)}</path>`);
    if (short && cx + 5 > labelEnd + 3 && cx + 5 + short.length * CHAR_PX < nextX - 5) {
      parts.push(`<text x="${cx + 5}" y="${ROWS.qa + 1}" class="tl-action-label">${escape(short)}</text>`);
      labelEnd = cx + 5 + short.length * CHAR_PX;
    }
  });

  // Token lifetimes, in two lanes so a token renewed before expiry does not hide the next.
  // The part after the next token replaced it is drawn faint: it was valid, no longer in use.
  data.tokens.forEach((t, i) => {
    const y = ROWS.token - 9 + (i % 2) * 10;
    const x1 = x(t.issuedAt);
    const x2 = x(t.expiresAt);
    const replacedAt = data.tokens[i + 1]?.issuedAt;
    const xUsed = replacedAt !== undefined && replacedAt < t.expiresAt ? x(replacedAt) : x2;
    const colour = REASON_COLOURS[t.reason] ?? '#64748b';
    const tip = `token from ${t.reason} renewal: issued ${iso(t.issuedAt)}, renew at ${t.renewAt ? iso(t.renewAt) : '—'}, expires ${iso(t.expiresAt)} UTC${replacedAt !== undefined && replacedAt < t.expiresAt ? `, replaced ${iso(replacedAt)}` : ''}`;
    parts.push(`<g class="tl-token">${title(tip)}<rect x="${x1}" y="${y}" width="${Math.max(1, x2 - x1)}" height="8" rx="2" fill="${colour}" fill-opacity="0.08" stroke="${colour}" stroke-opacity="0.35" stroke-width="0.8"/>`);
    parts.push(`<rect x="${x1}" y="${y}" width="${Math.max(1, xUsed - x1)}" height="8" rx="2" fill="${colour}" fill-opacity="0.45" stroke="${colour}" stroke-width="0.8"/>`);
    if (t.renewAt !== undefined && t.renewAt <= t.expiresAt) parts.push(`<line x1="${x(t.renewAt)}" x2="${x(t.renewAt)}" y1="${y - 1}" y2="${y + 9}" class="tl-renew-at"/>`);
    parts.push('</g>');
  });

  // The library's events.
  for (const m of data.library) {
    const cx = x(m.at);
    const y = ROWS.library;
    const tip = title(`${iso(m.at)} UTC · ${m.label}`);
    if (m.type === 'renewed') {
      parts.push(`<path class="tl-renewed" data-reason="${m.reason}" d="M${cx},${y - 7} L${cx + 6},${y} L${cx},${y + 7} L${cx - 6},${y} Z" fill="${REASON_COLOURS[m.reason ?? ''] ?? '#64748b'}">${tip}</path>`);
    } else if (m.type === 'retrying') {
      const x2 = x(m.at + (m.delayMs ?? 0));
      parts.push(`<g class="tl-retry">${tip}<line x1="${cx}" x2="${x2}" y1="${y + 10}" y2="${y + 10}" stroke="#b7791f" stroke-width="2"/><circle cx="${cx}" cy="${y + 10}" r="3" fill="#b7791f"/></g>`);
    } else if (m.type === 'error') {
      parts.push(`<path class="tl-error" d="M${cx - 4},${y - 14} L${cx + 4},${y - 6} M${cx + 4},${y - 14} L${cx - 4},${y - 6}" stroke="${m.expected ? EXPECTED_RED : '#c62828'}" stroke-width="2.2">${tip}</path>`);
    } else {
      const colour = m.type === 'ended' ? (m.expected ? EXPECTED_RED : '#7f1d1d') : '#b7791f';
      parts.push(`<line class="tl-${m.type}" x1="${cx}" x2="${cx}" y1="${ROWS.token - 12}" y2="${ROWS.sync + 6}" stroke="${colour}" stroke-width="2" stroke-dasharray="${m.type === 'ended' ? '' : '3 2'}">${tip}</line>`);
    }
  }

  // The engine's answers: one dot per pixel column, row and colour (a burst of tiles is one dot).
  const merged = new Map<string, { dot: EngineDot; count: number; cx: number; y: number }>();
  for (const dot of data.engine) {
    const y = dot.kind === 'auth' ? ROWS.auth : dot.kind === 'sync' || dot.kind === 'websocket' ? ROWS.sync : ROWS.tile;
    const cx = Math.round(x(dot.at));
    const key = `${cx}|${y}|${dotColour(dot)}`;
    const seen = merged.get(key);
    if (seen) seen.count += 1;
    else merged.set(key, { dot, count: 1, cx, y });
  }
  for (const { dot, count, cx, y } of merged.values()) {
    const more = count > 1 ? ` (+${count - 1} more here)` : '';
    const refused = dot.status === 401 || dot.status === 403;
    parts.push(`<circle class="tl-dot${refused ? ' tl-refused' : ''}" data-status="${dot.status}" cx="${cx}" cy="${y}" r="${dot.kind === 'auth' || refused ? 3.6 : 2.6}" fill="${dotColour(dot)}">${title(`${iso(dot.at)} UTC · ${dot.label}${more}`)}</circle>`);
  }
  label(ROWS.auth, '  auth');
  label(ROWS.sync, '  sync');

  return `<svg xmlns="http://www.w3.org/2000/svg" class="timeline-svg" width="${width}" height="${TIMELINE_HEIGHT}" viewBox="0 0 ${width} ${TIMELINE_HEIGHT}" font-family="system-ui, sans-serif">
<style>.tl-label{font-size:10px;fill:#667085}.tl-tick{font-size:9.5px;fill:#667085;text-anchor:middle}.tl-axis{stroke:#98a0ab}.tl-guide{stroke:#eceef2}.tl-renew-at{stroke:#1c2330;stroke-width:1.5}.tl-action{fill:#0f7c86}.tl-action-label{font-size:9px;fill:#0f7c86}.tl-scenario-label{font-size:9px;fill:#fff;pointer-events:none}.tl-dot,.tl-renewed,.tl-action,.tl-error,.tl-retry,.tl-token,.tl-scenario{cursor:default}</style>
${parts.join('\n')}
</svg>`;
}
