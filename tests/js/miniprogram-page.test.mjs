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
  assert.match(text, /合计：每月150\.00 元\/月/);
  const dibao = comp.instance.data.results.find((r) => r.id === 'dibao');
  assert.equal(dibao.statusText, '可能符合条件');
  assert.ok(asked.includes('member.income') && asked.length >= 5, asked.join(', '));
});
