// The README's "Debugging a session" cannot drift: its list of rules is the policy's table, word
// for word, and its error-reporter and OpenTelemetry recipes run here as printed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { levelOf, reasonOf, RULE_NAMES } from '../../src/policy/decision-reasons.js';
import type { LogEntry } from '../../src/diagnostics/log-entry.js';
import type { SessionEvent } from '../../src/session/events.js';
import { useFakeTokenWorld } from '../support/renewer-harness.js';
import { status } from '../support/token-endpoint.js';
import { findTokenText, tokenPieces } from '../support/token-text.js';
import { viewerWorld } from '../support/viewer-harness.js';

const server = useFakeTokenWorld();
const readme = readFileSync('README.md', 'utf8');
const between = (name: string) => new RegExp(`<!-- README:${name}:start -->\\n([\\s\\S]*?)<!-- README:${name}:end -->`).exec(readme)?.[1];

describe('the README list of rules', () => {
  it('is every rule of decision-reasons.ts with its level and words, in order', () => {
    const listed = between('rules')?.trimEnd().split('\n');
    expect(listed).toEqual(RULE_NAMES.map((rule) => `- \`${rule}\` (${levelOf(rule)}): ${reasonOf(rule)}`));
  });
});

type Options = { debug: (entry: LogEntry) => void; onEvent: (event: SessionEvent) => void };
interface Recipe {
  reportTo(reporter: unknown): Options;
  traceTo(tracer: unknown): Options;
}

/** The recipe block as printed, compiled to JavaScript and imported. */
async function recipe(): Promise<Recipe> {
  const code = /```ts\n([\s\S]*?)```/.exec(between('recipe') ?? '')?.[1];
  expect(code).toBeDefined();
  const js = ts.transpileModule(code!, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const file = join(mkdtempSync(join(tmpdir(), 'nvs-recipe-')), 'recipe.mjs');
  writeFileSync(file, js);
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Recipe;
}

/** An outage (503, 503, then a token), a later renewal refused with 401: what a reporter sees. */
async function outageThenSignOut(options: Options) {
  const world = viewerWorld(server, { date: 'always' });
  const session = await world.load(options as never);
  world.endpoint.answerNext(status(503), status(503));
  const renewed = session.renew();
  await vi.advanceTimersByTimeAsync(10_000);
  await renewed;
  world.endpoint.answerNext(status(401));
  await session.renew().catch(() => {});
  const minted = [...world.sdk.instances.flatMap((instance) => instance.setSessionCalls), session.renewer.token!.jwt];
  session.unload();
  return { minted };
}

describe('the README recipes, as printed', () => {
  it('reportTo: a breadcrumb per entry with its rule, one exception when the session ends, no token text', async () => {
    const breadcrumbs: { message: string; level: string; data: Record<string, unknown> }[] = [];
    const exceptions: { error: unknown; context: unknown }[] = [];
    const { reportTo } = await recipe();
    const { minted } = await outageThenSignOut(
      reportTo({ addBreadcrumb: (b: never) => breadcrumbs.push(b), captureException: (error: unknown, context: unknown) => exceptions.push({ error, context }) }),
    );
    const messages = breadcrumbs.map((b) => b.message);
    expect(messages.filter((m) => m.startsWith('retry-backoff: '))).toHaveLength(2);
    expect(messages).toContain(`ended-unauthorized: ${reasonOf('ended-unauthorized')}`);
    expect(breadcrumbs.find((b) => b.message.startsWith('retry-backoff'))).toMatchObject({ level: 'warning', data: { status: 503, attempt: 1 } });
    expect(exceptions).toMatchObject([{ error: { name: 'SessionEndedError' }, context: { tags: { code: 'session-ended', trigger: 'manual' } } }]);
    expect(findTokenText([breadcrumbs, exceptions], tokenPieces(minted))).toBeUndefined();
  });

  it('traceTo: one span per renewal, its entries as events, OK or ERROR at the end', async () => {
    const spans: { name: string; attributes: Record<string, unknown>; events: string[]; status?: { code: number }; ended: boolean }[] = [];
    const tracer = {
      startSpan(name: string, { attributes }: { attributes: Record<string, unknown> }) {
        const span = { name, attributes, events: [] as string[], status: undefined as { code: number } | undefined, ended: false };
        spans.push(span);
        return {
          addEvent: (event: string) => span.events.push(event),
          setAttributes: (more: Record<string, unknown>) => Object.assign(span.attributes, more),
          setStatus: (status: { code: number }) => (span.status = status),
          end: () => (span.ended = true),
        };
      },
    };
    const { traceTo } = await recipe();
    const { minted } = await outageThenSignOut(traceTo(tracer));
    expect(spans.map((s) => [s.attributes.trigger, s.status?.code, s.ended])).toEqual([['initial', 1, true], ['manual', 1, true], ['manual', 2, true]]);
    expect(spans[1]!.attributes).toMatchObject({ method: 'setSession', attempts: 3 });
    expect(spans[1]!.events).toEqual(expect.arrayContaining(['retry-backoff', 'renewed']));
    expect(spans[2]!.events).toEqual(expect.arrayContaining(['not-retryable', 'failed']));
    expect(findTokenText(spans, tokenPieces(minted))).toBeUndefined();
  });
});
