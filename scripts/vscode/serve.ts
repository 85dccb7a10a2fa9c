/**
 * `npm start` without desktop VS Code: serves code-server on 127.0.0.1 with the
 * packaged extension installed and a folder open, prints the URL, and stops the server
 * on Ctrl+C. User data and extensions stay in .tools/start/ between runs.
 *
 * Usage: node --import tsx scripts/vscode/serve.ts <vsix> <folder>
 * Environment: PATCH_CYCLES_PORT (default 8737).
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { startCodeServer, toolsDir } from './codeServer';

async function main(): Promise<void> {
  const [vsix, folder] = process.argv.slice(2);
  if (!vsix || !folder) {
    throw new Error('Usage: serve.ts <vsix> <folder>');
  }
  const port = Number(process.env.PATCH_CYCLES_PORT ?? 8737);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`PATCH_CYCLES_PORT must be a port number, not "${process.env.PATCH_CYCLES_PORT}".`);
  }
  const runDir = path.join(toolsDir, 'start');
  mkdirSync(runDir, { recursive: true });

  const server = await startCodeServer({ runDir, vsix: path.resolve(vsix), port });
  console.log(`\nVS Code (code-server) with DORA Patch Cycles is running. Open this URL in a browser on this machine:\n\n  ${server.folderUrl(path.resolve(folder))}\n`);
  console.log(`Log: ${server.logFile}. Press Ctrl+C to stop.`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.process.once('exit', (code) => {
    if (!stopping) {
      console.error(`code-server stopped unexpectedly (exit ${code}). See ${server.logFile}.`);
      process.exit(1);
    }
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
