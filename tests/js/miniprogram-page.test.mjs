// The mini-program example page (miniprogram/example): its self-check component, rendered by
// miniprogram-simulate (WeChat's component test kit) over jsdom, asks the engine's questions and
// shows the package and the results, for a 乾安 resident in March 2018.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);

/** The browser globals miniprogram-simulate expects, from jsdom. */
function browserGlobals() {
  const { JSDOM } = require('jsdom');
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  for (const k of ['document', 'HTMLElement', 'Node', 'Element', 'getComputedStyle']) {
    if (globalThis[k] === undefined && dom.window[k] !== undefined) globalThis[k] = dom.window[k];
  }
  // Node has events of its own; the kit's must be the DOM's.
  globalThis.Event = dom.window.Event;
  globalThis.CustomEvent = dom.window.CustomEvent;
  globalThis.window = dom.window;
}

test('the mini-program page runs the questionnaire and shows the package', async () => {
  browserGlobals();
  const simulate = require('miniprogram-simulate');
  const pkg = await import(join(root, 'www', 'pkg', 'huimin.js'));
  pkg.initSync({ module: readFileSync(join(root, 'www', 'pkg', 'huimin_bg.wasm')) });
  const engine = new pkg.Engine();
  const id = simulate.load(join(root, 'miniprogram', 'example', 'components', 'self-check', 'index'));
  const comp = simulate.render(id);
  comp.attach(document.createElement('parent-wrapper'));
  comp.instance.start(engine, { region: '220723', date: '2018-03-01' });
  const tapText = (selector, text) => {
    const el = comp.querySelectorAll(selector).find((e) => e.dom.textContent.trim().startsWith(text));
    assert.ok(el, `no ${selector} "${text}" in ${comp.dom.textContent}`);
    el.dispatchEvent('tap');
  };
  const type = (value) => {
    comp.instance.onInput({ detail: { value } });
    comp.querySelector('.confirm').dispatchEvent('tap');
  };
  const answers = {
    members: () => tapText('.choice', '只有我自己'),
    hukou: () => tapText('.choice', '城镇户口'),
    'member.relation': () => tapText('.choice', '申请人本人'),
    'member.income': () => type('300'),
    'member.birth_date': () => type('1970-05-01'),
    'member.disability': () => tapText('.choice', '没有残疾人证'),
    'member.status': () => comp.querySelector('.confirm').dispatchEvent('tap'),
    'member.receives': () => comp.querySelector('.confirm').dispatchEvent('tap'),
    'assets.deposits': () => type('1000'),
    'assets.homes': () => type('1'),
    'assets.vehicles': () => comp.querySelector('.confirm').dispatchEvent('tap'),
  };
  const asked = [];
  for (let i = 0; i < 80 && comp.instance.data.view === 'ask'; i++) {
    const q = comp.instance.data.question;
    asked.push(q.fact);
    assert.ok(comp.dom.textContent.includes(q.text), 'the question is shown');
    (answers[q.fact] || (() => comp.querySelector('.skip').dispatchEvent('tap')))();
    // Taps are delivered asynchronously, as in the runtime.
    await simulate.sleep(0);
  }
  assert.equal(comp.instance.data.view, 'results', asked.join(', '));
  await simulate.sleep(0);
  const text = comp.dom.textContent;
  assert.match(text, /您家可能获得的待遇/);
  assert.match(text, /最低生活保障：150\.00 元\/月/);
  assert.match(text, /合计：150\.00 元\/月/);
  const dibao = comp.instance.data.results.find((r) => r.id === 'dibao');
  assert.equal(dibao.statusText, '可能符合条件');
  assert.ok(asked.includes('member.income') && asked.length >= 5, asked.join(', '));
  await screenshot(comp.dom.outerHTML, 'miniprogram-results.png');
});

/**
 * A picture of the simulated page: the component's rendered tree (as miniprogram-simulate built it)
 * with its own WXSS, rpx taken at a 390-px-wide phone (750 rpx), drawn by Chromium with scripts
 * off. The WeChat runtime draws its own components; this shows the layout and the words.
 */
async function screenshot(tree, name) {
  const { launch } = await import('./browser.mjs');
  const { mkdirSync } = await import('node:fs');
  // The kit scopes class names under the component (`main--`); the WXSS is scoped the same way.
  const wxss = readFileSync(join(root, 'miniprogram', 'example', 'components', 'self-check', 'index.wxss'), 'utf8')
    .replace(/\.([a-z][\w-]*)/g, '.main--$1')
    .replace(/(\d+(?:\.\d+)?)rpx/g, (_, n) => `${((Number(n) * 390) / 750).toFixed(2)}px`);
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
body { margin: 0; font-family: "Noto Sans CJK SC", sans-serif; line-height: 1.5; }
wx-view { display: block; }
${wxss}</style></head><body>${tree}</body></html>`;
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.route('**/*', (r) => r.abort());
    await page.setContent(html);
    const artifacts = join(root, 'target', 'e2e-artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, name), fullPage: true });
  } finally {
    await browser.close();
  }
}
