// Signed rule bundles on the page, in headless Chromium: the stand-alone page configured (by its
// <meta> tags) with a bundle signed by `huimin bundle sign` runs on those rules; the same page with
// one rule byte changed, signed by another key, or unsigned shows the refusal and no form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = process.env.HUIMIN_CLI || join(root, 'target', 'release', 'huimin');

let dir;
let server;
let browser;
let publicKey;
let otherKey;
before(async () => {
  // A copy of the page (the built package included) with bundles next to it.
  dir = mkdtempSync(join(tmpdir(), 'huimin-signed-'));
  cpSync(join(root, 'www'), join(dir, 'www'), { recursive: true });
  const run = (args) => execFileSync(cli, args, { encoding: 'utf8' }).trim();
  publicKey = run(['bundle', 'keygen', '--out', join(dir, 'key')]);
  otherKey = run(['bundle', 'keygen', '--out', join(dir, 'other')]);
  // The W1 benchmark rules (乾安 dibao only), so the page visibly runs on the bundle's rules.
  run(['bundle', 'sign', '--key', join(dir, 'key'), '--rules', join(root, 'benches', 'w1'), '--out', join(dir, 'www', 'good.json')]);
  const good = readFileSync(join(dir, 'www', 'good.json'), 'utf8');
  const flipped = good.replace('450', '451');
  assert.notEqual(flipped, good);
  writeFileSync(join(dir, 'www', 'flipped.json'), flipped);
  const doc = JSON.parse(good);
  delete doc.signature;
  writeFileSync(join(dir, 'www', 'unsigned.json'), JSON.stringify(doc));
  const page = readFileSync(join(dir, 'www', 'index.html'), 'utf8');
  for (const [name, file, key] of [['good', 'good.json', publicKey], ['flipped', 'flipped.json', publicKey],
    ['wrongkey', 'good.json', otherKey], ['unsigned', 'unsigned.json', publicKey]]) {
    const metas = `<meta name="huimin-rules" content="${file}">\n<meta name="huimin-rules-key" content="${key}">\n`;
    // As the studio says: the two lines alone (the page loads the package for signed bundles).
    writeFileSync(join(dir, 'www', `${name}.html`), page.replace('<title>', `${metas}<title>`));
  }
  server = await serve(join(dir, 'www'));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(name) {
  const page = await browser.newPage();
  const errors = [];
  const requested = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}/${name}.html?lang=en`);
  await page.locator('.toolbar button, .error').first().waitFor();
  return { page, errors, requested };
}

test('the page runs on a bundle that verifies', async () => {
  const { page, errors, requested } = await open('good');
  // The package for signed bundles, and not the resident's with its built-in rules (asked for by
  // the page's script once it runs: the first screen comes before it).
  for (let i = 0; i < 100 && !requested.includes('/pkg-signed/huimin_bg.wasm'); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(requested.includes('/pkg-signed/huimin_bg.wasm'), requested.join(' '));
  // The bundle has one county; the built-in rules have seven.
  const regions = await page.evaluate(async () => {
    const { loadEngine } = await import('./app.js');
    const meta = (n) => document.querySelector(`meta[name="${n}"]`).getAttribute('content');
    const engine = await loadEngine({ url: meta('huimin-rules'), publicKey: meta('huimin-rules-key') });
    return engine.regions().map((r) => r.code);
  });
  assert.deepEqual(regions.filter((c) => c !== '000000'), ['220723']);
  assert.equal(await page.locator('.error').count(), 0);
  assert.ok(!requested.includes('/pkg/huimin_bg.wasm'), requested.join(' '));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the page on a bundle opens offline after the first visit, from its own copy of that package and bundle', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/good.html?lang=en`);
  await page.locator('.toolbar button').first().waitFor();
  const copied = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 100; i++) {
      const cache = await caches.open('huimin-v1');
      if (await cache.match('pkg-signed/huimin_bg.wasm') && await cache.match('good.json') && await cache.match('page.js')) {
        return { builtin: !!(await cache.match('pkg/huimin_bg.wasm')) };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the service worker copied nothing');
  });
  assert.equal(copied.builtin, false, "the built-in rules' package was copied too");
  // This page is not index.html, which the copy has from the start: one visit online copies it.
  await page.reload();
  await page.locator('.toolbar button').first().waitFor();
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await page.locator('form.question').waitFor();
  // The engine answered from the copy: a question of its own, and no error shown.
  assert.ok(await page.locator('form.question').getAttribute('data-fact'));
  assert.deepEqual((await page.locator('.error').allTextContents()).filter((x) => x.trim()), []);
  await context.close();
});

for (const [name, code] of [['flipped', 'hash_mismatch'], ['wrongkey', 'bad_signature'], ['unsigned', 'unsigned']]) {
  test(`the page refuses a bundle: ${name} (${code})`, async () => {
    const { page } = await open(name);
    const box = page.locator('.error[role=alert]');
    await box.waitFor();
    assert.equal(await box.getAttribute('data-code'), code);
    assert.match(await box.textContent(), /failed their signature check/);
    assert.equal(await page.locator('.toolbar button').count(), 0, 'no form is shown');
    await page.close();
  });
}
