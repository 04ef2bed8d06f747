import { describe, expect, it } from 'vitest';
import { criticalPath } from './cold-start.js';

// Headline 3's critical path: what stands between navigation and the first tile request, counted
// from Chromium's network events (times in seconds, as CDP gives them).
describe('criticalPath', () => {
  const tile = 'http://127.0.0.1:1/i/d/sample/h/x/page-0-dimensions-800-1000-tile-0-0-256-256';
  it('sums the bytes finished before the first tile request and counts the longest chain of dependent requests', () => {
    const requests = [
      { url: 'http://app/ours.html', sent: 0, done: 0.1, bytes: 1_000 },
      { url: 'http://app/entry.js', sent: 0.1, done: 0.2, bytes: 2_000 },
      { url: 'http://app/session.js', sent: 0.2, done: 0.3, bytes: 20_000 }, // after the entry: one more link
      { url: 'http://app/sdk.js', sent: 0.2, done: 0.9, bytes: 1_600_000 }, // in parallel with it
      { url: 'http://app/api/token', sent: 0.3, done: 0.4, bytes: 700 },
      { url: tile, sent: 1.0, done: 1.1, bytes: 5_000 },
      { url: `${tile}-print`, sent: 1.2, done: 1.3, bytes: 5_000 },
      { url: 'http://app/late.js', sent: 0.95, done: 1.5, bytes: 9_999 }, // not finished before the tile: not on the path
    ];
    expect(criticalPath(requests)).toEqual({ criticalBytes: 1_623_700, roundTrips: 5, requests: 5 }); // page → entry → session chunk → token → tile
    expect(criticalPath(requests.filter((r) => !r.url.includes('session'))).roundTrips).toBe(4); // without the session chunk: one link fewer
  });

  it('says so when no tile was requested', () => {
    expect(criticalPath([{ url: 'http://app/x.js', sent: 0, done: 1, bytes: 1 }]).requests).toBe(0);
  });
});
