import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors/errors.js';
import { resolveRenewalOptions } from '../../src/policy/options.js';
import { chooseRenewalMethod, sdkHasSetSession } from '../../src/policy/renewal-method.js';
import { isAuthLoadError } from '../../src/viewer/viewer-sdk.js';

describe('renewal method', () => {
  it('knows which SDKs have setSession from their version', () => {
    expect(['1.14.0', '1.18.0', '1.22.0', '1.30.1', '2.0.0', undefined, 'nightly'].map(sdkHasSetSession)).toEqual(Array(7).fill(true));
    expect(['1.12.0', '1.13.9', '1.0.0', '0.9.0', '2024.8.2', '2023.5.0'].map(sdkHasSetSession)).toEqual(Array(6).fill(false));
  });

  it('auto: setSession where there is one, else swap; an explicit choice is kept; setSession where there is none is a ConfigurationError', () => {
    expect(chooseRenewalMethod('auto', { version: '1.22.0' })).toBe('setSession');
    expect(chooseRenewalMethod('auto', { version: '1.12.0' })).toBe('swap');
    expect(chooseRenewalMethod('auto', { version: '2024.8.2' })).toBe('swap');
    expect(chooseRenewalMethod('reload', { version: '1.22.0' })).toBe('reload');
    expect(() => chooseRenewalMethod('setSession', { version: '2024.8.2' })).toThrow(ConfigurationError);
  });

  it('renewal.method is checked with the options', () => {
    expect(resolveRenewalOptions({ method: 'reload' }).method).toBe('reload');
    expect(resolveRenewalOptions().method).toBe('auto');
    expect(() => resolveRenewalOptions({ method: 'hot-swap' as never })).toThrow(/renewal.method must be one of auto, setSession, swap, reload/);
  });
});

describe('isAuthLoadError on SDKs before 1.14', () => {
  // Their load() error has no status or body, only this message (docs/sdk-behaviour.md).
  const older = (text: string, product = 'Nutrient') => Object.assign(new Error(`An error occurred while connecting to ${product} Document Engine: ${text}`), { name: 'PSPDFKitError' });

  it('reads the refusal from the message', () => {
    expect(isAuthLoadError(older('Token has expired'))).toBe(true);
    expect(isAuthLoadError(older('Invalid token', 'PSPDFKit'))).toBe(true);
    expect(isAuthLoadError(older('Unauthorized'))).toBe(true);
    expect(isAuthLoadError(older('Document not found'))).toBe(false);
    expect(isAuthLoadError(new Error('Token has expired'))).toBe(false);
    expect(isAuthLoadError(Object.assign(older('Token has expired'), { status: 404 }))).toBe(false); // a status wins
  });
});
