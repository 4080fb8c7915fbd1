// The rule studio offline after one visit: the page adds its own files (and its larger engine)
// to the service worker's copy, so an office with an unreliable network can reopen it and check
// the built-in rules without one. The self-check's visitors never download the studio's files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { site } from './browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const www = site(join(root, 'www'));

test('the studio reopens and checks the built-in rules offline after one visit', async () => {
  const context = await www.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${www.server.url}/studio.html`);
  await page.locator('#open-builtin').waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 200; i++) {
      const cache = await caches.open('huimin-v1');
      if (await cache.match('pkg-authoring/huimin_bg.wasm') && await cache.match('studio-worker.js')) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the studio files were not copied');
  });
  await context.setOffline(true);
  await page.reload();
  await page.click('#open-builtin');
  await page.locator('#summary').waitFor({ timeout: 60000 });
  const [, pass, all] = /(\d+)\/(\d+)/.exec(await page.locator('#summary').textContent());
  assert.equal(pass, all);
  assert.ok(Number(all) > 200);
  await context.setOffline(false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the self-check alone does not fetch the studio', async () => {
  const context = await www.browser.newContext();
  const page = await context.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(`${www.server.url}/?region=220723`);
  await page.getByRole('button', { name: '开始自测' }).waitFor();
  await page.evaluate(async () => { await navigator.serviceWorker.ready; await new Promise((r) => setTimeout(r, 500)); });
  assert.deepEqual(requested.filter((p) => p.includes('studio') || p.includes('pkg-authoring')), []);
  await context.close();
});
