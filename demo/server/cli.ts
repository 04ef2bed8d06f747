// Starts the stand-in for the demo: npx tsx demo/server/cli.ts
// Env: ENGINE_PORT (5181), CONTROL_PORT (5182), TOKEN_LIFETIME_SEC (90), DATA_DIR (.data),
// STANDIN_KEY_PATH (optional PEM private key). Ctrl-C closes it cleanly.
import { resolve } from 'node:path';
import { startStandIn } from './stand-in';

class InvalidEnvError extends Error {
  constructor(name: string, value: string) {
    super(`${name} must be a non-negative integer, got "${value}"`);
    this.name = 'InvalidEnvError';
  }
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new InvalidEnvError(name, raw);
  return value;
}

const standIn = await startStandIn({
  enginePort: intFromEnv('ENGINE_PORT', 5181),
  controlPort: intFromEnv('CONTROL_PORT', 5182),
  tokenLifetimeSec: intFromEnv('TOKEN_LIFETIME_SEC', 90),
  dataDir: resolve(process.env.DATA_DIR ?? '.data'),
});

console.log(`Document Engine stand-in
  engine:   ${standIn.engineUrl}  (document "${standIn.documentId}")
  tokens:   ${standIn.tokenUrl}
  admin:    ${standIn.controlUrl}/admin/state
  data dir: ${standIn.dataDir}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: closing the stand-in`);
  await standIn.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
