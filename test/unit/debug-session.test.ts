// Issue 19 through the public API: `debug` and `performanceTrack` are checked, `diagnose()` knows
// the SDK and how tokens are handed over, and `debug` turns on the SDK's own logLevel where it has one.
import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../src/errors/errors.js';
import { createViewerSession } from '../../src/session/session.js';
import { sdkLogLevel } from '../../src/policy/configuration.js';
import type { LogEntry } from '../../src/diagnostics/log-entry.js';
import { useFakeTokenWorld } from '../support/renewer-harness.js';
import { TOKEN_URL } from '../support/token-endpoint.js';
import { viewerWorld } from '../support/viewer-harness.js';

const server = useFakeTokenWorld();

describe('debug through loadViewer', () => {
  it.each([
    ['a string', { debug: 'yes' }, /"debug" must be true, false or a function/],
    ['a number for performanceTrack', { performanceTrack: 1 }, /"performanceTrack" must be true or false/],
  ])('rejects %s with a ConfigurationError', (_, options, message) => {
    const make = () => createViewerSession({ documentId: 'doc-1', refresh: TOKEN_URL, ...(options as object) });
    expect(make).toThrow(ConfigurationError);
    expect(make).toThrow(message);
  });

  it('sends entries to the function, and diagnose() names the SDK version and setSession', async () => {
    const entries: LogEntry[] = [];
    const world = viewerWorld(server, { date: 'always' });
    Object.assign(world.sdk, { version: '1.22.0' });
    const session = await world.load({ debug: (entry) => entries.push(entry) });
    expect(entries.find((entry) => entry.what === 'decision')).toMatchObject({ rule: 'first-token', action: 'ask', trigger: 'initial', tab: 'alone' });
    const diagnosis = session.diagnose();
    expect(diagnosis).toMatchObject({ state: 'active', sdkVersion: '1.22.0', handOver: 'setSession', failuresInARow: 0, sharing: { role: 'alone' } });
    expect(diagnosis.nextRenewal).toMatchObject({ rule: 'plan-margin', inMs: expect.any(Number) });
    expect(JSON.parse(JSON.stringify(diagnosis))).toEqual(diagnosis);
  });

  it('turns on the SDK logLevel with debug on SDK 1.17 and later, unless the app set its own', async () => {
    const loadsWith = async (version: string, more: object) => {
      const world = viewerWorld(server);
      Object.assign(world.sdk, { version });
      const load = vi.spyOn(world.sdk, 'load');
      await world.load(more);
      return load.mock.calls[0]![0] as Record<string, unknown>;
    };
    expect((await loadsWith('1.22.0', { debug: true })).logLevel).toBe('debug');
    expect(await loadsWith('1.22.0', {})).not.toHaveProperty('logLevel');
    expect(await loadsWith('1.15.0', { debug: true })).not.toHaveProperty('logLevel');
    expect((await loadsWith('1.22.0', { debug: true, logLevel: 'none' } as object)).logLevel).toBe('none');
    expect(await loadsWith('1.22.0', { debug: true })).not.toHaveProperty('debug');
  });

  it('reads the SDK version the way the typings declare logLevel (1.17 on)', () => {
    expect(sdkLogLevel(true, '1.17.0', {})).toEqual({ logLevel: 'debug' });
    expect(sdkLogLevel(true, '1.16.9', {})).toEqual({});
    expect(sdkLogLevel(true, '2024.8.2', {})).toEqual({});
    expect(sdkLogLevel(true, undefined, {})).toEqual({});
    expect(sdkLogLevel(false, '1.22.0', {})).toEqual({});
    expect(sdkLogLevel(() => {}, '1.22.0', {})).toEqual({ logLevel: 'debug' });
  });
});
