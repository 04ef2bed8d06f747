// Which way a viewer gets its new tokens. `setSession` where the SDK has it (@nutrient-sdk/viewer
// 1.14 and later); before that (1.12 and earlier, the legacy pspdfkit package with year versions
// such as 2024.8.2) there is no setSession and no onAuthFailed, so a new viewer takes the token.
import { ConfigurationError } from '../errors/errors.js';
import type { RenewalMethod } from '../session/events.js';

/**
 * `renewal.method`: `auto` picks `setSession` where the SDK has it and `swap` where it does not.
 * @example renewal: { method: 'reload' } // one viewer's memory, a visible reload
 */
export type RenewalMethodOption = 'auto' | Exclude<RenewalMethod, 'load'>;

export const RENEWAL_METHODS: readonly RenewalMethodOption[] = ['auto', 'setSession', 'swap', 'reload'];

/** From the SDK's `version`: 1.14 and later have setSession; 1.13 and earlier, and year-numbered pspdfkit releases, do not. */
export function sdkHasSetSession(version: unknown): boolean {
  const match = typeof version === 'string' ? /^(\d+)\.(\d+)/.exec(version) : null;
  if (!match) return true; // an SDK that does not say: assume a current one (the instance is checked too)
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major >= 2000) return false; // pspdfkit 2024.8.2 and the like
  return major > 1 || (major === 1 && minor >= 14);
}

/** The method for this SDK; a `setSession` the SDK cannot do is a ConfigurationError now, not a failed renewal later. */
export function chooseRenewalMethod(option: RenewalMethodOption, sdk: { version?: unknown }): Exclude<RenewalMethod, 'load'> {
  const hasSetSession = sdkHasSetSession(sdk.version);
  if (option === 'auto') return hasSetSession ? 'setSession' : 'swap';
  if (option === 'setSession' && !hasSetSession) {
    throw new ConfigurationError(`This SDK (${String(sdk.version)}) has no setSession: use renewal.method 'swap' or 'reload' (or 'auto')`);
  }
  return option;
}
