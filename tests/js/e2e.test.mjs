// End to end, in headless Chromium, through the real page: a 乾安 resident completes a dibao
// self-check; the amounts shown are the engine's; nothing leaves the page's origin; axe-core
// finds no serious or critical violation in normal and large-text mode; screenshots are saved
// to target/e2e-artifacts (mobile 390×844 and desktop).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { site } from './browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = join(root, 'target', 'e2e-artifacts');
mkdirSync(artifacts, { recursive: true });
const axeSource = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const www = site(join(root, 'www'));

/** A page that records every request and every console error (CSP violations among them). */
async function open(viewport, query) {
  const context = await www.browser.newContext({ viewport });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(`${www.server.url}/${query}`);
  await page.locator('.toolbar button').first().waitFor();
  return { page, context, requests, problems };
}

async function axe(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${label}: ${JSON.stringify(bad)}`);
}

/** Chooses each level by the place's name (a ★ may follow it: the place has local rules). */
async function chooseRegion(page, names) {
  for (const [i, name] of names.entries()) {
    const sel = page.locator('.region select').nth(i);
    await sel.locator('option', { hasText: name }).first().waitFor({ state: 'attached' });
    const value = await sel.evaluate((s, n) => [...s.options].find((o) => o.text.replace(' ★', '') === n)?.value, name);
    assert.ok(value, `no option ${name}`);
    await sel.selectOption(value);
  }
}

/**
 * Answers each question the page asks, by fact, until the results appear (or, with `until`, until
 * a question whose path it accepts is shown, left unanswered).
 */
async function answerAll(page, answers, until = () => false) {
  const asked = [];
  for (let step = 0; step < 80; step++) {
    const form = page.locator('form.question');
    const results = page.locator('#hm-results');
    await Promise.race([form.waitFor(), results.waitFor()]);
    if (await results.count()) return asked;
    const fact = await form.getAttribute('data-fact');
    const path = await form.getAttribute('data-path');
    if (until(path)) return asked;
    asked.push(path);
    const act = answers[fact];
    if (act === undefined) {
      await form.getByRole('button', { name: /不清楚|don't know/ }).click();
    } else {
      await act(form, path);
      await form.getByRole('button', { name: /^(下一步|Next)$/ }).click();
    }
    await page.waitForFunction((prev) => {
      const f = document.querySelector('form.question');
      return !f || f.dataset.path !== prev || document.querySelector('form.question .error')?.textContent;
    }, path);
    const err = await page.locator('form.question .error').textContent().catch(() => '');
    assert.equal(err || '', '', `answer to ${path} was refused`);
  }
  throw new Error(`no results after 80 questions: ${asked.join(', ')}`);
}

// A single urban resident of 乾安, 48, wage 300 a month, in March 2018: the standard is 450 a
// month, so dibao is 450 − 300 = 150.00 a month (1800.00 a year); it ends at a wage of 450.00.
const URBAN_SINGLE = {
  members: async () => {},
  hukou: async (f) => f.getByLabel('城镇户口').check(),
  'member.relation': async (f) => f.getByLabel('申请人本人').check(),
  'member.income': async (f) => f.getByLabel('工资').fill('300'),
  'member.status': async (f, path) => {
    // The applicant answering is never asked whether she has died or been declared missing.
    if (path !== 'members[0].status') return;
    const offered = await f.locator('label').allTextContents();
    assert.ok(!offered.some((l) => /已去世|被宣告失踪/.test(l)), offered.join(' '));
  },
  'member.birth_date': async (f) => f.locator('input[type=date]').fill('1970-05-01'),
  'member.disability': async (f) => f.getByLabel('没有残疾人证').check(),
  'member.serious_illness': async (f) => f.getByLabel('否', { exact: true }).check(),
  'member.adl_failed': async (f) => f.getByLabel('0', { exact: true }).check(),
  'member.receives': async () => {},
  'member.sex': async (f) => f.getByLabel('女', { exact: true }).check(),
  'member.lost_contact_since': async (f) => f.getByLabel('没有这种情况').check(),
  'member.detained_since': async (f) => f.getByLabel('没有这种情况').check(),
  'assets.deposits': async (f) => f.getByRole('textbox').fill('1000'),
  'assets.vehicles': async () => {},
  'assets.homes': async (f) => f.getByRole('spinbutton').fill('1'),
  supporters: async () => {},
  hardships: async () => {},
};

test('a 乾安 resident completes a dibao self-check on a phone', async () => {
  const { page, context, requests, problems } = await open({ width: 390, height: 844 }, '?date=2018-03-01');
  await axe(page, 'start page');
  await page.screenshot({ path: join(artifacts, 'mobile-start.png'), fullPage: true });
  await chooseRegion(page, ['吉林省', '松原市', '乾安县']);
  await page.getByRole('button', { name: '开始自测' }).click();
  await page.locator('form.question').waitFor();
  await page.screenshot({ path: join(artifacts, 'mobile-question.png'), fullPage: true });
  await axe(page, 'question page');
  // The progress line: the engine's count now, and what each household member adds (probed from
  // the engine), so a one-person household is told roughly what it will be asked.
  const line = await page.locator('.progress p').textContent();
  const m = /目前还有 (\d+) 个问题；您家每有一位成员（包括您本人），还会多约 (\d+) 个/.exec(line);
  assert.ok(m, line);
  const estimate = Number(m[1]) + Number(m[2]);
  let status = '';
  const asked = await answerAll(page, {
    ...URBAN_SINGLE,
    'member.status': async (f, path) => {
      await URBAN_SINGLE['member.status'](f, path);
      status = await f.textContent();
      // Leaving a status unticked decides something: said beside it, never folded under "more".
      const veteran = f.locator('.choice', { hasText: '退役军人（复员）' });
      assert.ok(await veteran.isVisible());
      assert.match(await veteran.locator('.consequence').textContent(), /^不勾选会影响：.*优抚/);
      // Prison and rehabilitation asked apart, as living away from home.
      assert.match(await f.locator('fieldset.away legend').textContent(), /不在家里生活/);
      assert.equal(await f.locator('fieldset.away .choice').count(), 2);
      await page.getByLabel('长辈模式（大字）').check();
      await axe(page, 'status question, large-text mode');
      await page.screenshot({ path: join(artifacts, 'mobile-status-elder.png'), fullPage: true });
      await page.getByLabel('长辈模式（大字）').uncheck();
    },
  });
  assert.match(status, /不勾选的，就按这位没有这种情况计算/);
  assert.ok(asked.length >= 5, asked.join(', '));
  assert.ok(Math.abs(asked.length - estimate) <= 3, `estimated ${estimate}, asked ${asked.length}: ${asked.join(', ')}`);
  const card = page.locator('section.program', { has: page.getByRole('heading', { name: '最低生活保障' }) });
  await assert.doesNotReject(card.first().waitFor());
  const text = await card.first().textContent();
  assert.match(text, /可能符合条件/);
  assert.match(text, /每月约 150\.00 元（每年约 1800\.00 元）/);
  // A card's details are built when opened, and before printing: a printout carries the
  // documents and where to apply for the office.
  const cardDetails = card.first().locator('details.program-details');
  assert.equal(await cardDetails.locator('.reasons').count(), 0);
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.match(await cardDetails.textContent(), /依据和理由[\s\S]*需要准备的材料：[\s\S]*到哪里申请：/);
  // The package comes first: the one payment and its totals.
  const pkg = await page.locator('section.package').textContent();
  assert.match(pkg, /最低生活保障：每月约 150\.00 元/);
  assert.match(pkg, /合计：每月约 150\.00 元，每年约 1800\.00 元/);
  const ends = await page.locator('.whatif .ends').textContent();
  assert.match(ends, /450\.00/);
  assert.match(ends, /不再符合/);
  assert.equal(await page.locator('.whatif svg polyline').count(), 1);
  assert.equal(await page.locator('.whatif svg rect.office').count(), 0);
  // The programs not qualified for are folded away and built when opened: as many cards as the
  // summary counts, each saying so.
  const folded = page.locator('details.not-qualified');
  const fold = page.locator('details.not-qualified > summary');
  const n = Number((await fold.textContent()).match(/（(\d+)）/)[1]);
  assert.ok(n > 5, `${n} not qualified`);
  assert.equal(await folded.locator('section.program').count(), 0);
  await fold.click();
  await folded.locator('section.program').first().waitFor();
  assert.equal(await folded.locator('section.program').count(), n);
  assert.match(await folded.locator('section.program').first().textContent(), /不符合条件/);
  await fold.click();
  await axe(page, 'results page');
  await page.screenshot({ path: join(artifacts, 'mobile-results.png'), fullPage: true });
  // The first screen of results, as a phone shows it: the package and what to do first.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifacts, 'mobile-summary.png') });
  const firstScreen = await page.evaluate(() => document.querySelector('section.package').getBoundingClientRect().bottom);
  assert.ok(firstScreen <= 844, `the package ends at ${firstScreen}px`);
  // Large-text mode: bigger text and 60 px targets, still without violations.
  await page.getByLabel('长辈模式（大字）').check();
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.program p')).fontSize));
  assert.ok(size >= 18, `body text ${size}px`);
  const target = await page.evaluate(() => Math.min(...[...document.querySelectorAll('.huimin button')].map((b) => b.getBoundingClientRect().height)));
  assert.ok(target >= 60, `smallest button ${target}px`);
  await axe(page, 'results page, large-text mode');
  await page.screenshot({ path: join(artifacts, 'mobile-results-elder.png'), fullPage: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifacts, 'mobile-summary-elder.png') });
  const elderScreen = await page.evaluate(() => document.querySelector('section.package').getBoundingClientRect().bottom);
  assert.ok(elderScreen <= 844, `in large-text mode the package ends at ${elderScreen}px`);
  const origin = new URL(www.server.url).origin;
  const outside = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(outside, [], 'requests leaving the origin');
  assert.deepEqual(problems, []);
  await context.close();
});

// The same resident today: 乾安's 450 is known only until the report of 2018-08-22, so the page
// says the figure may be out of date, and the amount and the package total are "at least".
test('today, a stale standard gives "at least" and says how current the figures are', async () => {
  const { page, context, problems } = await open({ width: 390, height: 844 }, '?date=2026-11-30');
  await chooseRegion(page, ['吉林省', '松原市', '乾安县']);
  await page.getByRole('button', { name: '开始自测' }).click();
  await answerAll(page, URBAN_SINGLE);
  const pkg = await page.locator('section.package').textContent();
  assert.match(pkg, /最低生活保障：每月至少 150\.00 元/);
  assert.match(pkg, /合计：每月至少 150\.00 元/);
  const stale = await page.locator('section.stale').textContent();
  assert.match(stale, /450 元\/月/);
  assert.match(stale, /2018-08-22/);
  assert.match(await page.locator('.asof').textContent(), /只知道到更早的日期/);
  // Past 450 the standard in force may be higher: the what-if chart leaves that range to the
  // office, shaded and said in words, and never says the program stops there.
  const box = page.locator('.whatif .curve-box').first();
  const ends = await box.locator('.ends').textContent();
  assert.match(ends, /450\.00 元及以上时/);
  assert.match(ends, /请向民政部门咨询，不要因此放弃申请/);
  assert.doesNotMatch(ends, /不再符合/);
  assert.equal(await box.locator('svg rect.office').count(), 1);
  assert.match(await box.locator('svg').textContent(), /待核定/);
  // The line stops where the engine stops deciding: no point drawn at zero past the end.
  const lastX = await box.locator('svg polyline').last().evaluate((l) => Math.max(...l.getAttribute('points').split(' ').map((p) => Number(p.split(',')[0]))));
  const limitX = await box.locator('svg line.limit').evaluate((l) => Number(l.getAttribute('x1')));
  assert.ok(lastX < limitX, `the line goes on to ${lastX}, past the end at ${limitX}`);
  await axe(page, 'results today');
  await page.screenshot({ path: join(artifacts, 'mobile-results-today.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the page in English on a desktop, going back and skipping', async () => {
  const { page, context, problems } = await open({ width: 1280, height: 900 }, '?lang=en&region=431225&date=2022-03-01');
  await page.getByRole('button', { name: 'Start' }).click();
  const form = page.locator('form.question');
  await form.waitFor();
  const first = await form.getAttribute('data-path');
  await form.getByRole('button', { name: "I don't know, skip" }).click();
  await page.waitForFunction((p) => document.querySelector('form.question')?.dataset.path !== p, first);
  await page.getByRole('button', { name: 'Back' }).click();
  await page.waitForFunction((p) => document.querySelector('form.question')?.dataset.path === p, first);
  await page.getByRole('button', { name: 'See results so far' }).click();
  await page.locator('#hm-results').waitFor();
  const statuses = await page.locator('.program .status').allTextContents();
  assert.ok(statuses.length >= 3);
  assert.ok(statuses.every((s) => /qualify|information|office/.test(s)), statuses.join(' | '));
  await axe(page, 'english results');
  await page.screenshot({ path: join(artifacts, 'desktop-results-en.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the embedding example mounts the self-check for a fixed region', async () => {
  const { page, context, problems } = await open({ width: 1024, height: 800 }, 'embed.html');
  await page.getByRole('button', { name: '开始自测' }).click();
  await page.locator('#huimin-widget form.question').waitFor();
  const path = await page.locator('form.question').getAttribute('data-path');
  assert.notEqual(path, 'region');
  assert.deepEqual(problems, []);
  await context.close();
});

// A couple books a marriage registration at 乾安 around the 2025 National Day holiday: the
// pre-check passes, the holiday days are not offered, the make-up Sunday is, and the booking
// request shows the chosen slot and the 2025 document list (no household register).
const COUPLE = {
  'member.sex': async (f, path) => f.getByLabel(path.startsWith('members[0]') ? '男' : '女', { exact: true }).check(),
  'member.birth_date': async (f, path) => f.locator('input[type=date]').fill(path.startsWith('members[0]') ? '1995-03-01' : '1998-07-15'),
  'member.marital_status': async (f) => f.getByLabel('未婚', { exact: true }).check(),
  'marriage.kinship': async (f) => f.getByLabel('没有血缘关系').check(),
  'marriage.voluntary': async (f) => f.getByLabel('是', { exact: true }).check(),
  'marriage.in_person': async (f) => f.getByLabel('是', { exact: true }).check(),
  'marriage.at_hukou_registry': async (f) => f.getByLabel('是', { exact: true }).check(),
};

test('a couple completes a marriage pre-check and books a slot', async () => {
  const { page, context, requests, problems } = await open({ width: 390, height: 844 }, '?date=2025-09-26&region=220723');
  await page.getByRole('button', { name: '结婚登记' }).click();
  await answerAll(page, COUPLE);
  const card = page.locator('section.program').first();
  assert.match(await card.textContent(), /结婚登记[\s\S]*可能符合条件/);
  // The details are built when opened: the documents of the 2025 text, without the 户口簿.
  await card.locator('details.program-details > summary').click();
  // Built on the fold's toggle event, which comes after the click.
  await card.locator('details.program-details > div').waitFor();
  const details = await card.locator('details.program-details').textContent();
  assert.match(details, /身份证/);
  assert.doesNotMatch(details, /户口簿/);
  const days = await page.locator('.days button').evaluateAll((bs) => bs.map((b) => b.dataset.date));
  assert.ok(days.includes('2025-09-28'), days.join(' '));
  assert.ok(!days.some((d) => d >= '2025-10-01' && d <= '2025-10-08'), days.join(' '));
  await page.locator('.days button[data-date="2025-09-28"]').click();
  await page.locator('.slots button[data-start="09:00"]').click();
  // The resident reads the request in words; the JSON is only a download, for the portal.
  assert.equal(await page.locator('.request pre').count(), 0);
  assert.match(await page.locator('.request').textContent(), /预约尚未完成/);
  // No address or phone is on file for 乾安's registry: the page says where to find them.
  assert.match(await page.locator('.request .address').textContent(), /没有收录.*12345/);
  await page.locator('.request').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, 'booking-confirmation.png') });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '下载预约申请' }).click(),
  ]);
  const req = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(req.service, 'marriage_registration');
  assert.equal(req.registry, 'qianan');
  assert.equal(req.date, '2025-09-28');
  assert.equal(req.start, '09:00');
  assert.equal(req.precheck.status, 'eligible');
  assert.equal(req.parties.length, 2);
  await axe(page, 'booking');
  await page.screenshot({ path: join(artifacts, 'mobile-booking.png'), fullPage: true });
  await page.getByLabel('长辈模式（大字）').check();
  await axe(page, 'booking, large-text mode');
  await page.screenshot({ path: join(artifacts, 'mobile-booking-elder.png'), fullPage: true });
  const origin = new URL(www.server.url).origin;
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the province list and the large-text toggle work with the keyboard', async () => {
  const { page, context, problems } = await open({ width: 390, height: 844 }, '?date=2026-11-30');
  const province = page.locator('.region select').first();
  await province.waitFor();
  await province.focus();
  await page.keyboard.press('ArrowDown');
  const first = await page.evaluate(() => document.activeElement?.value);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const third = await page.evaluate(() => [document.activeElement?.name, document.activeElement?.value]);
  assert.equal(third[0], 'province', 'focus stays on the province list');
  assert.notEqual(third[1], first, 'arrow keys go on through the provinces');
  // Large text changes the styles only: focus stays on the toggle.
  await page.locator('#hm-elder').focus();
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'hm-elder');
  assert.ok(await page.locator('.huimin.elder').count());
  assert.deepEqual(problems, []);
  await context.close();
});

// A grade-1 disabled woman in 会同 (2022) who does not tick "needs long-term care": with no local
// rule requiring that statement, the grade presumes it, so the care subsidy is not refused.
test('a grade-1 disabled resident who does not tick long-term care still gets the care subsidy', async () => {
  const { page, context, problems } = await open({ width: 390, height: 844 }, '?region=431225&date=2022-06-01');
  await page.getByRole('button', { name: '开始自测' }).click();
  await answerAll(page, {
    ...URBAN_SINGLE,
    hukou: async (f) => f.getByLabel('农村户口').check(),
    'member.income': async () => {},
    'member.disability': async (f) => {
      await f.getByLabel('有残疾人证', { exact: true }).check();
      await f.locator('select').first().selectOption('physical');
      await f.locator('select').nth(1).selectOption('1');
    },
  });
  const card = page.locator('section.program', { has: page.getByRole('heading', { name: '重度残疾人护理补贴' }) });
  const text = await card.first().textContent();
  assert.match(text, /可能符合条件/);
  assert.match(text, /每月约 75\.00 元/);
  assert.deepEqual(problems, []);
  await context.close();
});

// A couple booking at 20:42 Beijing time: no slot of today is offered (all have begun), no
// quota is invented, and "today" is Beijing's.
test('a booking at night offers no slot that has begun', async () => {
  const context = await www.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.clock.setFixedTime(new Date('2026-11-30T12:42:00Z'));
  await page.goto(`${www.server.url}/?region=220723`);
  await page.getByRole('button', { name: '结婚登记' }).click();
  await answerAll(page, COUPLE);
  await page.locator('.days button').first().waitFor();
  const days = await page.locator('.days button').evaluateAll((bs) => bs.map((b) => b.dataset.date));
  assert.ok(days.length > 0);
  assert.ok(days.every((d) => d > '2026-11-30'), days.join(' '));
  await page.locator('.days button').first().click();
  const slots = await page.locator('.slots').textContent();
  assert.doesNotMatch(slots, /余\d+个/);
  assert.match(await page.locator('.booking').textContent(), /以登记处实际为准/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the questionnaire works with the keyboard alone', async () => {
  const { page, context, problems } = await open({ width: 1024, height: 800 }, '?region=220723&date=2018-03-01');
  const tabTo = async (name) => {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => document.activeElement?.textContent?.trim());
      if (label === name) return;
    }
    throw new Error(`could not reach "${name}" with Tab`);
  };
  await tabTo('开始自测');
  await page.keyboard.press('Enter');
  const form = page.locator('form.question');
  await form.waitFor();
  const first = await form.getAttribute('data-path');
  await tabTo('下一步');
  await page.keyboard.press('Enter');
  await page.waitForFunction((p) => document.querySelector('form.question')?.dataset.path !== p, first);
  // A choice question answered with arrow keys and Enter.
  const radio = form.locator('input[type=radio]').first();
  if (await radio.count()) {
    await radio.focus();
    await page.keyboard.press('Space');
    assert.ok(await radio.isChecked());
  }
  assert.deepEqual(problems, []);
  await context.close();
});

/** The answers the page would save, read from its download. */
async function savedHousehold(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '保存我的回答（下载文件）' }).click(),
  ]);
  return JSON.parse(readFileSync(await download.path(), 'utf8')).household;
}

/** Goes back through the questions until the one about `fact` (of `path`, if given). */
async function backTo(page, fact, path) {
  for (let i = 0; i < 40; i++) {
    const form = page.locator('form.question');
    await form.waitFor();
    if (await form.getAttribute('data-fact') === fact && (!path || await form.getAttribute('data-path') === path)) return form;
    const was = await form.getAttribute('data-path');
    await form.getByRole('button', { name: '上一步' }).click();
    await page.waitForFunction((p) => document.querySelector('form.question')?.dataset.path !== p, was);
  }
  throw new Error(`no question about ${fact} going back`);
}

const DISABLED_HUITONG = {
  ...URBAN_SINGLE,
  hukou: async (f) => f.getByLabel('农村户口').check(),
  'member.income': async () => {},
  'member.disability': async (f) => {
    await f.getByLabel('有残疾人证', { exact: true }).check();
    await f.locator('select').first().selectOption('physical');
    await f.locator('select').nth(1).selectOption('1');
  },
};

// A grade-1 disabled resident of 会同 finishes, then goes back and says she has no certificate:
// the answers asked only because of the disability (daily living, benefits received, supporters)
// no longer decide anything; they are dropped from her answers and the page says which.
test('changing an earlier answer drops the answers that no longer apply, and says so', async () => {
  const { page, context, problems } = await open({ width: 390, height: 844 }, '?region=431225&date=2022-06-01');
  await page.getByRole('button', { name: '开始自测' }).click();
  await answerAll(page, DISABLED_HUITONG);
  const before = await savedHousehold(page);
  assert.equal(typeof before.members[0].adl_failed, 'number');
  await page.getByRole('button', { name: '修改回答' }).click();
  const form = await backTo(page, 'member.disability');
  await form.getByLabel('没有残疾人证').check();
  await form.getByRole('button', { name: '下一步' }).click();
  const notice = page.locator('.notice.dropped');
  await notice.waitFor();
  assert.match(await notice.textContent(), /您修改了.*的回答。下面这些回答已不再影响任何结果，已从您的回答中删除/);
  // Going on through the answers already given is said as such, not as "0 questions left".
  assert.match(await page.locator('.progress p').textContent(), /正在查看您已回答的第 \d+ 个问题/);
  const items = await notice.locator('li').allTextContents();
  await axe(page, 'after a changed answer');
  await page.screenshot({ path: join(artifacts, 'mobile-dropped.png'), fullPage: true });
  await answerAll(page, URBAN_SINGLE);
  const after = await savedHousehold(page);
  assert.equal(after.members[0].disability, null);
  const gone = ['adl_failed', 'receives'].filter((k) => k in before.members[0] && !(k in after.members[0]))
    .concat('supporters' in before && !('supporters' in after) ? ['supporters'] : []);
  assert.ok(gone.includes('adl_failed'), JSON.stringify(after));
  assert.equal(items.length, gone.length, `${items.join(' | ')} vs ${gone.join(', ')}`);
  assert.deepEqual(problems, []);
  await context.close();
});

// A resident adds her husband, answers about him, then goes back and removes him: his answers go
// with him, and the page says how many.
test('removing a member drops the answers about that member, and says so', async () => {
  let seen = 0;
  const { page, context, problems } = await open({ width: 390, height: 844 }, '?region=220723&date=2018-03-01');
  await page.getByRole('button', { name: '开始自测' }).click();
  await answerAll(page, {
    ...URBAN_SINGLE,
    members: async (f) => f.getByRole('button', { name: '添加一位家庭成员' }).click(),
  }, (path) => path.startsWith('members[1].') && (seen += 1) > 2);
  const form = await backTo(page, 'members');
  await form.getByRole('button', { name: '删除' }).click();
  await form.getByRole('button', { name: '下一步' }).click();
  const notice = page.locator('.notice.dropped');
  await notice.waitFor();
  assert.match(await notice.textContent(), /第 2 位：配偶已删除，关于这位的 [1-9]\d* 个回答也一并删除/);
  await answerAll(page, URBAN_SINGLE);
  const hh = await savedHousehold(page);
  assert.equal(hh.members.length, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the first question is asked while the engine is still on its way, and its answer carries on', async () => {
  // The engine held back until the opening has been answered (no service worker, so the page's
  // own requests are the ones held).
  const context = await www.browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/pkg/huimin_bg.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(`${www.server.url}/?region=220723&date=2018-03-01`);
  const wasmArrived = () => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/pkg/huimin_bg.wasm')));
  // The portal's place is named before the engine: the places the rules cover come with the
  // opening.
  const county = page.locator('fieldset.place select[name="county"]');
  await county.waitFor();
  assert.match(await county.locator('option:checked').textContent(), /乾安/);
  assert.equal(await page.locator('fieldset.place [role="status"]').count(), 0, 'the place field still says it is loading');
  assert.equal(await wasmArrived(), false, 'the engine arrived before the place was named');
  await page.screenshot({ path: join(artifacts, 'mobile-start-before-engine.png'), fullPage: true });
  await page.getByRole('button', { name: '开始自测' }).click();
  const form = page.locator('form.question');
  await form.waitFor();
  assert.equal(await form.getAttribute('data-fact'), 'members');
  assert.equal(await wasmArrived(), false, 'the engine arrived before the first question');
  await axe(page, 'the opening before the engine');
  await page.screenshot({ path: join(artifacts, 'mobile-opening.png'), fullPage: true });
  // The applicant alone (the list starts with them), answered before the engine is there.
  await form.getByRole('button', { name: /^下一步$/ }).click();
  await page.getByRole('status').filter({ hasText: '正在加载' }).waitFor();
  release();
  // The engine takes the answer and asks what follows.
  await page.waitForFunction(() => {
    const f = document.querySelector('form.question');
    return f && f.dataset.fact !== 'members';
  });
  assert.ok(await wasmArrived());
  const next = await page.locator('form.question').getAttribute('data-path');
  assert.notEqual(next, 'members');
  assert.match(await page.locator('.progress p').textContent(), /已回答 1 个问题/);
  assert.deepEqual(problems, []);
  await context.close();
});
