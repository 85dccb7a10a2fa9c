/**
 * Debian's Chromium driven by playwright-core, held to 127.0.0.1: every request to any
 * other host is aborted and counted, so a test can assert that none was attempted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath } from './codeServer';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

export interface LocalBrowser {
  context: BrowserContext;
  page: Page;
  /** URLs of requests that were aborted because they were not aimed at 127.0.0.1. */
  blockedRequests: string[];
  close(): Promise<void>;
}

export async function launchLocalBrowser(runDir: string, viewport = { width: 1440, height: 900 }): Promise<LocalBrowser> {
  const profile = mkdtempSync(path.join(runDir, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  });
  const blockedRequests: string[] = [];
  await context.route(
    (url) => !LOCAL_HOSTS.has(url.hostname) && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => {
      blockedRequests.push(route.request().url());
      return route.abort();
    }
  );
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    blockedRequests,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  };
}
