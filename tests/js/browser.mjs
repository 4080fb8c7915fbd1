// Debian's Chromium driven by playwright-core, launched as this machine needs (no downloads).
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * For a test file: serves `dir` on 127.0.0.1 and launches Chromium before its tests, closes both
 * after them. Returns `{ server, browser }`, filled in once `before` has run.
 */
export function site(dir) {
  const s = { server: undefined, browser: undefined };
  before(async () => {
    s.server = await serve(dir);
    s.browser = await launch();
  });
  after(async () => {
    await s.browser?.close();
    await s.server?.close();
  });
  return s;
}
