// Starts the stand-in alone: npx tsx demo/server/cli.ts
// Env as for `npm run demo` (demo/demo-config.ts): ENGINE_PORT (5181), CONTROL_PORT (5182),
// TOKEN_LIFETIME_SEC (60), DATA_DIR (.data), STANDIN_KEY_PATH (optional PEM private key).
// Ctrl-C closes it cleanly.
import { readStandInBackend } from '../demo-config';
import { startStandIn } from './stand-in';

const { enginePort, controlPort, tokenLifetimeSec, dataDir } = readStandInBackend();
const standIn = await startStandIn({ enginePort, controlPort, tokenLifetimeSec, dataDir });

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
