// Runs in its own process (node --expose-gc --import tsx bench/heap-worker.ts <side> <hours>):
// one side keeps a simulated viewer authenticated for <hours> of virtual time; prints the heap
// (heapUsed after gc) before load, after 1 h, at the end, and after unload, as one JSON line.
import { getHeapSpaceStatistics } from 'node:v8';
import { play, type Plan } from './day-plan.js';
import { World, type Side } from './sim-viewer.js';
import { seededRandom } from './stats.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const side = process.argv[2] as Side;
const hours = Number(process.argv[3] ?? 8);
const HOUR = 3_600_000;
const LIFETIME_SEC = 600;
const WARM_UP_HOURS = Number(process.argv[4] ?? 2);

const settle = () => new Promise((resolve) => setImmediate(resolve));
/** heapUsed and the part of it that is compiled code (code space), after gc. */
async function heap(world?: World): Promise<{ used: number; code: number }> {
  // The fake engine keeps every session and JWT it has seen (a server's state, not the page's):
  // drop what has expired so the page's own heap is what is compared.
  if (world) {
    const engine = world.engine as unknown as { sessions: Map<string, { expiresAtMs: number }>; seenJwts: Set<string>; authLog: unknown[] };
    for (const [key, session] of engine.sessions) if (session.expiresAtMs <= Date.now()) engine.sessions.delete(key);
    engine.seenJwts.clear();
    engine.authLog.length = 0;
    for (const tab of world.tabs) tab.instance.setSessionCalls.length = 0; // the fake's own record of every JWT
  }
  for (let i = 0; i < 4; i++) {
    await settle();
    gc!();
  }
  const code = getHeapSpaceStatistics().find((space) => space.space_name === 'code_space')?.space_used_size ?? 0;
  return { used: process.memoryUsage().heapUsed, code };
}

const work = (h: number): Plan => ({ name: 'awake', segments: [{ kind: 'work', ms: h * HOUR }] });

// Warm-up: the same code paths once, so compiled code and caches are in the "before" figure.
let warm: World | undefined = await World.open({ side, lifetimeSec: LIFETIME_SEC, wakeEvents: true });
await play(warm, work(WARM_UP_HOURS), seededRandom(3));
await warm.close();
warm = undefined;

const before = await heap();
let world: World | undefined = await World.open({ side, lifetimeSec: LIFETIME_SEC, wakeEvents: true });
await play(world, work(1), seededRandom(4));
const afterOneHour = await heap(world);
await play(world, work(hours - 1), seededRandom(5));
const afterSession = await heap(world);
const renewals = world.engine.authRequests;
await world.close();
world = undefined;
const afterUnload = await heap();
console.log(JSON.stringify({ side, hours, before, afterOneHour, afterSession, afterUnload, renewals }));
