import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors/errors.js';
import { renewalDefaults, resolveRenewalOptions, type RenewalOptions } from '../../src/policy/options.js';

describe('renewal options', () => {
  it('fills in every default', () => {
    expect(resolveRenewalOptions()).toEqual(renewalDefaults);
    expect(resolveRenewalOptions({ earlyMs: undefined })).toEqual(renewalDefaults);
  });

  it.each<[string, RenewalOptions | unknown]>([
    ['negative retries', { retries: -1 }],
    ['fractional retries', { retries: 1.5 }],
    ['NaN', { budgetMs: Number.NaN }],
    ['a string', { budgetMs: '25000' }],
    ['zero loop limit', { loopLimit: 0 }],
    ['earlyRatio of 1', { earlyRatio: 1 }],
    ['min delay above max', { minDelayMs: 10_000, maxDelayMs: 5_000 }],
    ['a typo', { retry: 3 }],
    ['proactive as a string', { proactive: 'yes' }],
    ['not an object', 5],
  ])('rejects %s with a ConfigurationError at once', (_, options) => {
    expect(() => resolveRenewalOptions(options as RenewalOptions)).toThrow(ConfigurationError);
  });

  it('accepts Infinity retries and names the option in its messages', () => {
    expect(resolveRenewalOptions({ retries: Infinity }).retries).toBe(Infinity);
    expect(() => resolveRenewalOptions({ attemptTimeoutMs: 0 })).toThrow(/attemptTimeoutMs/);
  });
});
