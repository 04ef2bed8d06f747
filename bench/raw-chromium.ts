// Chromium driven over the DevTools protocol directly, without Playwright: Playwright keeps every
// page it drives visible and active (a page behind another tab still says `visible`, its timers run
// unthrottled; checked on Chromium 156, headless and headful under Xvfb, with Playwright's
// throttling flags removed too). Driven directly, `--headless=new` Chromium hides a tab when another
// is activated (`Target.activateTarget`) and throttles its timers as Chrome does (a 100 ms interval
// ran 3 times in 3 s). Used by the hidden rows of headline 8 (bench/viewer-idle-hidden.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { CHROMIUM_PATH } from '../test/e2e/support/chromium';

export interface RawTab {
  targetId: string;
  /** A CDP command in this tab's session. */
  send<T = Record<string, unknown>>(method: string, params?: object): Promise<T>;
  /** Evaluates an expression in the page (promises awaited) and returns its value. */
  evaluate<T>(expression: string): Promise<T>;
}

export interface RawChromium {
  /** Opens a tab at about:blank with an init script, then navigates it to `url`. */
  newTab(url: string, initScript?: string): Promise<RawTab>;
  /** Makes this tab the active one of its window (the others become hidden). */
  activate(tab: RawTab): Promise<void>;
  close(): Promise<void>;
}

export async function launchRawChromium(): Promise<RawChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'bench-raw-chromium-'));
  const child: ChildProcess = spawn(
    CHROMIUM_PATH,
    ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--remote-debugging-port=0', `--user-data-dir=${profile}`, '--window-size=1000,800', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${text.slice(-300)}`)), 30_000);
    child.stderr!.on('data', (chunk) => {
      text += String(chunk);
      const match = /DevTools listening on (ws:\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}): ${text.slice(-300)}`)));
  });
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let lastId = 0;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
    const entry = message.id === undefined ? undefined : waiting.get(message.id);
    if (!entry) return;
    waiting.delete(message.id!);
    if (message.error) entry.reject(new Error(message.error.message));
    else entry.resolve(message.result);
  });
  const send = <T>(method: string, params: object = {}, sessionId?: string) =>
    new Promise<T>((resolve, reject) => {
      const id = ++lastId;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params, ...(sessionId && { sessionId }) }));
    });
  return {
    async newTab(pageUrl, initScript) {
      const { targetId } = await send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
      const tab: RawTab = {
        targetId,
        send: (method, params) => send(method, params, sessionId),
        async evaluate<T>(expression: string) {
          const { result, exceptionDetails } = await send<{ result: { value: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
            'Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId);
          if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
          return result.value;
        },
      };
      await tab.send('Page.enable');
      if (initScript) await tab.send('Page.addScriptToEvaluateOnNewDocument', { source: initScript });
      await tab.send('Page.navigate', { url: pageUrl });
      return tab;
    },
    async activate(tab) {
      await send('Target.activateTarget', { targetId: tab.targetId });
    },
    async close() {
      socket.close();
      child.kill();
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
