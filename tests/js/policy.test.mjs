// The policy comparison page in headless Chromium: the engine runs in a Web Worker, the page
// stays responsive, and the table shows the same counts and costs as the native
// `huimin compare` over the same generated population; an uploaded file is compared as well.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { site } from './browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = process.env.HUIMIN_CLI || join(root, 'target', 'release', 'huimin');

const www = site(join(root, 'www'));

function native(args, input) {
  return JSON.parse(execFileSync(cli, args, { input, encoding: 'utf8', maxBuffer: 1 << 28 }));
}

async function openPage() {
  const page = await www.browser.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(`${www.server.url}/policy.html`);
  await page.locator('#param option').nth(1).waitFor({ state: 'attached' });
  return { page, requests, problems };
}

async function cells(page, program) {
  const row = page.locator(`tr[data-program="${program}"] td`);
  return row.allTextContents();
}

test('the 2018 乾安 rise in the page equals the native comparison', async () => {
  const { page, requests, problems } = await openPage();
  await page.fill('#n', '2000');
  await page.fill('#seed', '5');
  await page.click('#run');
  await page.locator('table.comparison').waitFor({ timeout: 60000 });
  const pop = execFileSync(cli, ['synth', '--region', '220723', '--n', '2000', '--seed', '5', '--year', '2017'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const c = native(['compare', '--baseline', '2017-12-31', '--reform', '2018-01-01', '--json', '-'], pop);
  const d = c.programs.dibao;
  assert.ok(d.newly_eligible > 0);
  assert.deepEqual(await cells(page, 'dibao'), ['最低生活保障 Minimum living allowance (dibao)', d.baseline.eligible, d.reform.eligible, d.newly_eligible,
    d.newly_ineligible, d.increased, d.decreased, d.cost_monthly, d.cost_annual].map(String));
  // A program granted without an amount says so instead of showing a cost of 0.
  const unset = Object.entries(c.programs).filter(([, p]) => (p.baseline.eligible || p.reform.eligible)
    && [p.baseline.monthly, p.reform.monthly, p.baseline.annual, p.reform.annual].every((v) => Number(v) === 0));
  assert.ok(unset.length > 0, 'no program without an amount in this population');
  for (const [id] of unset) assert.match((await cells(page, id))[7], /金额未设定/, id);
  const caption = await page.locator('table.comparison caption').textContent();
  assert.match(caption, /^2000 户/);
  assert.deepEqual(problems, []);
  assert.ok(requests.every((u) => u.startsWith(www.server.url)), requests.join('\n'));
  await page.close();
});

test('a reform parameter and an uploaded file, with a malformed line reported', async () => {
  const { page, problems } = await openPage();
  await page.fill('#baseline', '2018-06-01');
  await page.fill('#reform', '2018-06-01');
  await page.locator('#reform').dispatchEvent('change');
  await page.locator('#param option[value="dibao_standard_urban"]').waitFor({ state: 'attached' });
  await page.selectOption('#param', 'dibao_standard_urban');
  await page.fill('#value', '6000');
  const pop = execFileSync(cli, ['synth', '--region', '220723', '--n', '500', '--seed', '9', '--year', '2018'], { encoding: 'utf8' });
  const dir = mkdtempSync(join(tmpdir(), 'huimin-policy-'));
  const file = join(dir, 'pop.jsonl');
  writeFileSync(file, `${pop}{"id": "bad", "household": {"colour": "red"}}\n`);
  await page.setInputFiles('#file', file);
  await page.click('#run');
  await page.locator('table.comparison').waitFor({ timeout: 60000 });
  const c = native(['compare', '--baseline', '2018-06-01', '--reform', '2018-06-01', '--set', 'dibao_standard_urban=6000', '--json', '-'], pop);
  const d = c.programs.dibao;
  assert.ok(d.newly_eligible > 0 && d.cost_monthly !== '0.00');
  assert.deepEqual(await cells(page, 'dibao'), ['最低生活保障 Minimum living allowance (dibao)', d.baseline.eligible, d.reform.eligible, d.newly_eligible,
    d.newly_ineligible, d.increased, d.decreased, d.cost_monthly, d.cost_annual].map(String));
  assert.match(await page.locator('#result p.error').first().textContent(), /line 501/);
  // A figure a twelfth of the yearly standard is flagged as a likely monthly figure, and a
  // lower one as a cut, before anything is computed.
  await page.fill('#value', '450');
  assert.match(await page.locator('#value-warning').textContent(), /月标准/);
  await page.fill('#value', '5000');
  assert.match(await page.locator('#value-warning').textContent(), /降低标准/);
  // On a phone the table is a list of cards that fits the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const width = await page.evaluate(() => document.querySelector('table.comparison').getBoundingClientRect().width);
  assert.ok(width <= 390, `table ${width}px wide`);
  assert.deepEqual(problems, []);
  await page.close();
});
