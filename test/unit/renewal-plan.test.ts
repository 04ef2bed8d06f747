import { describe, expect, it } from 'vitest';
import { renewalDefaults } from '../../src/policy/options.js';
import { planRenewal } from '../../src/policy/renewal-policy.js';

const T0 = Date.UTC(2026, 0, 1);
const claims = (lifetimeSec: number, issuedAt = T0) => ({
  issuedAt,
  expiresAt: issuedAt + lifetimeSec * 1000,
  documentId: 'doc-1',
  layer: undefined,
  rights: '',
});

/** Whole-second server times are read as late as they allow (+999 ms): plans are early, never late. */
const server = (at: number) => ({ serverNow: at - 999, fresh: true });
const noServerTime = { serverNow: undefined, fresh: false };

describe('planRenewal', () => {
  it('renews a 5-minute token 60 s early (the fixed margin)', () => {
    const plan = planRenewal(claims(300), T0, server(T0), renewalDefaults);
    expect(plan).toEqual({ expiresAt: T0 + 300_000, renewAt: T0 + 240_000, lifetimeMs: 300_000 });
  });

  it('caps the margin at a quarter of a short token life, so a 20 s token is not due at once', () => {
    const plan = planRenewal(claims(20), T0, server(T0), renewalDefaults);
    expect(plan.renewAt).toBe(T0 + 15_000);
  });

  it('plans from receipt, not from the local clock: 10 minutes ahead or behind changes nothing', () => {
    for (const skew of [-600_000, 600_000]) {
      const receivedAt = T0 + skew;
      const plan = planRenewal(claims(300), receivedAt, server(T0), renewalDefaults);
      expect(plan.expiresAt! - receivedAt).toBe(300_000);
      expect(plan.renewAt! - receivedAt).toBe(240_000);
    }
  });

  it('without server time, caps the remaining life at exp - iat (clock behind)', () => {
    const plan = planRenewal(claims(300), T0 - 600_000, noServerTime, renewalDefaults);
    expect(plan.expiresAt).toBe(T0 - 600_000 + 300_000);
  });

  it('counts a half-used token from the server time it was received at', () => {
    const plan = planRenewal(claims(300), T0 + 200_000, server(T0 + 200_000), renewalDefaults);
    expect(plan.expiresAt).toBe(T0 + 300_000);
    expect(plan.renewAt).toBe(T0 + 240_000);
  });

  it('never plans the next renewal sooner than the loop floor', () => {
    // A cached token with 4 s left: renewing "60 s early" would mean at once, again and again.
    const plan = planRenewal(claims(300), T0 + 296_000, server(T0 + 296_000), renewalDefaults);
    expect(plan.renewAt).toBe(T0 + 296_000 + 2_000);
  });

  it('handles a token without iat from the local clock', () => {
    const plan = planRenewal({ ...claims(300), issuedAt: undefined }, T0, noServerTime, renewalDefaults);
    expect(plan).toEqual({ expiresAt: T0 + 300_000, renewAt: T0 + 240_000, lifetimeMs: 300_000 });
  });

  it('does not take a cached token for a fresh one: issued 4 minutes ago, 60 s left, no Date header', () => {
    const receivedAt = T0 + 240_000;
    const plan = planRenewal(claims(300), receivedAt, { serverNow: undefined, fresh: true }, renewalDefaults);
    expect(plan.expiresAt).toBe(T0 + 300_000); // not receivedAt + 5 minutes
    expect(plan.renewAt! - receivedAt).toBeLessThanOrEqual(30_000);
  });

  it('where readings disagree, the earlier renewal wins (client clock 2 minutes ahead, fresh token)', () => {
    const receivedAt = T0 + 120_000;
    const plan = planRenewal(claims(300), receivedAt, { serverNow: undefined, fresh: true }, renewalDefaults);
    expect(plan.expiresAt).toBe(receivedAt + 180_000);
  });

  it('accepts a fresh token without iat from a server 10 minutes behind, with nothing planned rather than "expired"', () => {
    const noIat = { ...claims(300), issuedAt: undefined };
    const plan = planRenewal(noIat, T0 + 600_000, { serverNow: undefined, fresh: true }, renewalDefaults);
    expect(plan).toEqual({ expiresAt: undefined, renewAt: undefined, lifetimeMs: undefined });
  });

  it('plans exactly from a server time the refresh function returned, whatever the client clock says', () => {
    const noIat = { ...claims(300), issuedAt: undefined };
    const plan = planRenewal(noIat, T0 + 600_000, { serverNow: T0 - 999, fresh: true }, renewalDefaults);
    expect(plan.expiresAt).toBe(T0 + 600_000 + 300_000);
  });

  it('a token the page held that this clock calls expired stays expired (it is replaced before load)', () => {
    const plan = planRenewal(claims(300), T0 + 400_000, noServerTime, renewalDefaults);
    expect(plan.expiresAt).toBeLessThan(T0 + 400_000);
  });
});
