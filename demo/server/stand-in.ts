// A local stand-in for Nutrient Document Engine, good enough for the real viewer in a real
// browser: auth with JWTs, document.json, rendered tiles, Instant sync, websocket; plus a
// control server with a token endpoint and an admin API to inject faults. 127.0.0.1 only.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControlServer } from './control-server';
import { type AuthFailureForm, validateAuthFailureForm } from './auth-failure-forms';
import type { AllowedOrigins } from './cors';
import { CredentialCutoffs } from './credential-cutoffs';
import { EngineServer } from './engine-server';
import { createFaultControls, type FaultControls, type StandInSettings } from './fault-controls';
import { InstantLayers } from './instant-layers';
import { PdfDocument } from './pdf-document';
import { RequestLog } from './request-log';
import { SessionStore } from './sessions';
import { SigningKeys } from './signing-keys';
import { TokenFaultQueue } from './token-faults';
import { type MintClaims, type MintOptions, TokenMinter } from './token-minter';

export type { FaultControls, StandInState, Latency } from './fault-controls';
export type { LogEntry, LogFilter, RequestKind, RequestLog } from './request-log';
export type { TokenFault, TokenFaultMode } from './token-faults';
export type { AuthFailureForm } from './auth-failure-forms';

export interface StandInOptions {
  enginePort?: number;
  controlPort?: number;
  dataDir?: string;
  tokenLifetimeSec?: number;
  documentId?: string;
  allowedOrigins?: AllowedOrigins;
  keyPath?: string;
  pdfPath?: string; // default: demo/server/sample.pdf
  /** How auth failures are worded at start (default 'natural'); switchable through the admin API. */
  authFailureForm?: AuthFailureForm;
}

export interface StandIn {
  engineUrl: string;
  controlUrl: string;
  tokenUrl: string;
  documentId: string;
  dataDir: string;
  mintToken(claims?: Partial<MintClaims>, opts?: MintOptions): Promise<string>;
  log: RequestLog;
  faults: FaultControls;
  close(): Promise<void>;
}

export const SAMPLE_PDF = fileURLToPath(new URL('./sample.pdf', import.meta.url));

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const documentId = options.documentId ?? 'sample';
  const authFailureForm = validateAuthFailureForm(options.authFailureForm ?? 'natural'); // before anything is created
  // A temp dir we created is ours to remove on close(); a given dataDir is kept (it persists).
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'standin-'));
  mkdirSync(dataDir, { recursive: true });
  const allowedOrigins = options.allowedOrigins ?? '*-localhost';
  const settings: StandInSettings = {
    tokenLifetimeSec: options.tokenLifetimeSec ?? 90,
    latency: { engineMs: 0, tokenMs: 0 },
    authFailureForm,
  };

  const log = new RequestLog(join(dataDir, 'requests.jsonl'));
  const keys = new SigningKeys(options.keyPath ?? process.env.STANDIN_KEY_PATH);
  const cutoffs = new CredentialCutoffs();
  const minter = new TokenMinter(keys, cutoffs, documentId, () => settings.tokenLifetimeSec);
  const sessions = new SessionStore(documentId);
  const layers = new InstantLayers(dataDir, documentId);
  const pdf = await PdfDocument.open(options.pdfPath ?? SAMPLE_PDF);
  const tokenFaults = new TokenFaultQueue();

  const engine = new EngineServer({
    deps: { documentId, pdf, sessions, layers, jwtRules: { documentId, keys, cutoffs } },
    log,
    allowedOrigins,
    latencyMs: () => settings.latency.engineMs,
    authFailureForm: () => settings.authFailureForm,
  });
  const faults = createFaultControls({ documentId, settings, tokenFaults, cutoffs, sessions, layers, engine });
  const control = new ControlServer({
    admin: { faults, log, layers },
    token: { minter, documentId, takeFault: () => tokenFaults.take(), latencyMs: () => settings.latency.tokenMs, lifetimeSec: () => settings.tokenLifetimeSec },
    log,
    allowedOrigins,
  });
  try {
    await engine.up(options.enginePort ?? 0);
    await control.start(options.controlPort ?? 0);
  } catch (error) {
    await Promise.all([engine.close(), control.close(), pdf.close()]);
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    engineUrl: engine.url,
    controlUrl: control.url,
    tokenUrl: `${control.url}/api/token`,
    documentId,
    dataDir,
    mintToken: (claims, opts) => minter.mint(claims, opts),
    log,
    faults,
    close: () => (closing ??= Promise.all([engine.close(), control.close()])
      .then(() => pdf.close())
      .then(() => {
        log.closeFile();
        if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
      })),
  };
}
