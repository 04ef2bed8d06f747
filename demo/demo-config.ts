// What `npm run demo` runs against, read from the environment:
//   stand-in (default): ENGINE_PORT 5181, CONTROL_PORT 5182, TOKEN_LIFETIME_SEC 60, DATA_DIR .data
//   real Document Engine: DEMO_ENGINE_URL + DEMO_DOCUMENT_ID + DEMO_TOKEN_URL (no stand-in; the
//     page's /api/token is proxied to DEMO_TOKEN_URL, fault buttons are disabled)
//   both: DEMO_PORT 5173 (0 = any free port)
import { resolve } from 'node:path';

export interface StandInBackend {
  kind: 'stand-in';
  enginePort: number;
  controlPort: number;
  tokenLifetimeSec: number;
  dataDir: string;
}

export interface RealEngineBackend {
  kind: 'engine';
  engineUrl: string;
  documentId: string;
  tokenUrl: URL;
}

export interface DemoConfig {
  demoPort: number;
  backend: StandInBackend | RealEngineBackend;
}

export class DemoConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoConfigError';
  }
}

type Env = Record<string, string | undefined>;

function intFromEnv(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new DemoConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

const portFromEnv = (env: Env, name: string, fallback: number) => intFromEnv(env, name, fallback, 0, 65535);

function urlFromEnv(env: Env, name: string): URL {
  const raw = env[name];
  if (!raw) throw new DemoConfigError(`${name} is required when DEMO_ENGINE_URL is set`);
  try {
    return new URL(raw);
  } catch {
    throw new DemoConfigError(`${name} must be an absolute URL, got "${raw}"`);
  }
}

function realEngine(env: Env): RealEngineBackend {
  const engineUrl = urlFromEnv(env, 'DEMO_ENGINE_URL').href;
  const documentId = env.DEMO_DOCUMENT_ID;
  if (!documentId) throw new DemoConfigError('DEMO_DOCUMENT_ID is required when DEMO_ENGINE_URL is set');
  return { kind: 'engine', engineUrl, documentId, tokenUrl: urlFromEnv(env, 'DEMO_TOKEN_URL') };
}

/** The stand-in's settings, for `npm run demo` and for demo/server/cli.ts alike. */
export function readStandInBackend(env: Env = process.env): StandInBackend {
  return {
    kind: 'stand-in',
    enginePort: portFromEnv(env, 'ENGINE_PORT', 5181),
    controlPort: portFromEnv(env, 'CONTROL_PORT', 5182),
    tokenLifetimeSec: intFromEnv(env, 'TOKEN_LIFETIME_SEC', 60, 1, 86_400),
    dataDir: resolve(env.DATA_DIR || '.data'),
  };
}

export function readDemoConfig(env: Env = process.env): DemoConfig {
  const demoPort = portFromEnv(env, 'DEMO_PORT', 5173);
  return { demoPort, backend: env.DEMO_ENGINE_URL ? realEngine(env) : readStandInBackend(env) };
}
