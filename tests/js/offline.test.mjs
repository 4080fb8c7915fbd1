// Offline after the first visit: the service worker keeps the page's own files, so reloading
// without a network opens the self-check and the engine still answers; and the server sends
// the engine compressed, as a production server would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { site } from './browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const www = site(join(root, 'www'));

test('the page reloads and answers offline after the first visit', async () => {
  const context = await www.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${www.server.url}/?region=220723&date=2018-03-01`);
  await page.getByRole('button', { name: '开始自测' }).waitFor();
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    // Wait until the worker has copied the files the page needs.
    for (let i = 0; i < 100; i++) {
      const cache = await caches.open('huimin-v1');
      if (await cache.match('pkg/huimin_bg.wasm') && await cache.match('page.js')) return reg.active?.state;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the service worker copied nothing');
  });
  // The worker's install asked for the files the visit had just loaded: the engine's body was
  // sent once, and asked for again it was answered 304 from its validator.
  const wasm = www.server.responses.filter((r) => r.path === '/pkg/huimin_bg.wasm');
  assert.deepEqual(wasm.filter((r) => r.status === 200).length, 1, JSON.stringify(wasm));
  assert.ok(wasm.some((r) => r.status === 304), JSON.stringify(wasm));
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('button', { name: '开始自测' }).click();
  await page.locator('form.question').waitFor();
  await page.getByRole('button', { name: /查看目前结果/ }).click();
  await page.locator('#hm-results').waitFor();
  assert.ok(await page.locator('section.program').count() > 3);
  await context.setOffline(false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the server answers a file asked for again with its validator 304 and no body', async () => {
  const first = await fetch(`${www.server.url}/page.js`, { headers: { 'accept-encoding': 'br' } });
  const etag = first.headers.get('etag');
  assert.match(etag, /^"[\w-]+-br"$/);
  assert.equal(first.headers.get('cache-control'), 'no-cache');
  const again = await fetch(`${www.server.url}/page.js`, { headers: { 'accept-encoding': 'br', 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal((await again.arrayBuffer()).byteLength, 0);
  // Another encoding is another body: sent whole.
  const plain = await fetch(`${www.server.url}/page.js`, { headers: { 'accept-encoding': 'identity', 'if-none-match': etag } });
  assert.equal(plain.status, 200);
  assert.notEqual(plain.headers.get('etag'), etag);
});

test('the server sends the engine compressed', async () => {
  const res = await fetch(`${www.server.url}/pkg/huimin_bg.wasm`, { headers: { 'accept-encoding': 'br' } });
  assert.equal(res.headers.get('content-encoding'), 'br');
  const raw = await fetch(`${www.server.url}/pkg/huimin_bg.wasm`, { headers: { 'accept-encoding': 'identity' } });
  assert.equal(raw.headers.get('content-encoding'), null);
  assert.ok(Number((await raw.arrayBuffer()).byteLength) > 500000);
});
