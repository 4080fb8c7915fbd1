// The engine in a simulated WeChat-style mini program: a fresh JS realm with no `WebAssembly`
// global, no TextEncoder/TextDecoder, no fetch, and code generation from strings disabled (no
// eval, no new Function); the only loader is `WXWebAssembly.instantiate(path, imports)` taking a
// path inside the code package. Also reports the package size against the 2 MB limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, normalize } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const mp = join(root, 'miniprogram');
const LIMIT = 2 * 1024 * 1024;

/** A mini-program realm with the package mounted at /huimin. */
function realm() {
  const loads = [];
  const context = vm.createContext({ console }, { codeGeneration: { strings: false, wasm: true } });
  vm.runInContext('delete globalThis.WebAssembly;', context);
  // The runtime's loader: a package path only (no ArrayBuffer, no URL), as WXWebAssembly.
  const WXWebAssembly = {
    instantiate(path, imports) {
      if (typeof path !== 'string' || !path.startsWith('/huimin/')) {
        return Promise.reject(new Error('WXWebAssembly.instantiate takes a path inside the code package'));
      }
      loads.push(path);
      const bytes = readFileSync(join(mp, 'pkg', path.slice('/huimin/'.length)));
      return WebAssembly.instantiate(bytes, imports);
    },
  };
  context.WXWebAssembly = WXWebAssembly;
  const cache = new Map();
  // The mini program's own CommonJS loader, confined to the package directory.
  const require = (from) => (spec) => {
    const file = normalize(join(from, spec));
    assert.ok(file.startsWith(mp), `require outside the package: ${spec}`);
    if (cache.has(file)) return cache.get(file).exports;
    const module = { exports: {} };
    cache.set(file, module);
    const fn = vm.runInContext(`(function (module, exports, require) {${readFileSync(file, 'utf8')}\n})`, context, { filename: file });
    fn(module, module.exports, require(dirname(file)));
    return module.exports;
  };
  return { context, loads, require: require(mp) };
}

test('the realm really lacks what mini programs lack', () => {
  const { context } = realm();
  assert.equal(vm.runInContext('typeof WebAssembly', context), 'undefined');
  assert.equal(vm.runInContext('typeof TextDecoder', context), 'undefined');
  assert.equal(vm.runInContext('typeof fetch', context), 'undefined');
  assert.throws(() => vm.runInContext('eval("1")', context), /Code generation from strings disallowed/);
  assert.throws(() => vm.runInContext('new Function("return 1")', context), /Code generation from strings disallowed/);
});

test('the adapter loads the engine through WXWebAssembly and assesses a household', async () => {
  const { require, loads } = realm();
  const { load } = require('./huimin-mp.js');
  const engine = await load({ wasmPath: '/huimin/huimin_bg.wasm' });
  assert.deepEqual(loads, ['/huimin/huimin_bg.wasm']);
  const hh = JSON.parse(readFileSync(join(root, 'examples', 'qianan_urban_single.json'), 'utf8'));
  const a = engine.assess(hh, '2018-03-01');
  const dibao = a.programs.find((p) => p.id === 'dibao');
  assert.equal(dibao.status, 'eligible');
  assert.match(dibao.amount.monthly, /^\d+\.\d{2}$/);
  // Chinese text crosses both ways through the polyfilled encoder and decoder.
  assert.equal(a.programs[0].name.zh, '最低生活保障');
  assert.equal(engine.nextQuestions({}, '2026-11-23')[0].fact, 'region');
  assert.match(engine.explain(hh, '2018-03-01', 'zh'), /最低生活保障/);
  assert.throws(() => engine.assess({ region: '999999' }, '2018-03-01'), (e) => e.code === 'unknown_region' && e.path === 'region');
  assert.throws(() => engine.assess({ region: '乾安' }, '2018-03-01'), (e) => e.code === 'bad_value' && e.path === 'region');
});

test('the polyfilled TextEncoder and TextDecoder round-trip every kind of character', () => {
  const { context, require } = realm();
  require('./text-polyfill.js');
  const sample = 'a é 中文 𠮷 😀 \u0000 end';
  const out = vm.runInContext(`(() => {
    const s = ${JSON.stringify(sample)};
    const b = new TextEncoder().encode(s);
    return JSON.stringify([new TextDecoder('utf-8', { ignoreBOM: true }).decode(b), Array.from(b)]);
  })()`, context);
  const [text, bytes] = JSON.parse(out);
  assert.equal(text, sample);
  assert.deepEqual(bytes, Array.from(new TextEncoder().encode(sample)));
});

test('the mini-program package fits the 2 MB limit', () => {
  const files = ['huimin-mp.js', 'text-polyfill.js', 'pkg/huimin.js', 'pkg/huimin_bg.wasm'];
  const sizes = Object.fromEntries(files.map((f) => [f, statSync(join(mp, f)).size]));
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  console.log(`mini-program package: ${total} bytes of ${LIMIT} (${((100 * total) / LIMIT).toFixed(1)}%)`, sizes);
  assert.ok(total < LIMIT, `${total} bytes`);
  const glue = readFileSync(join(mp, 'pkg', 'huimin.js'), 'utf8');
  assert.doesNotMatch(glue, /\beval\(|new Function\(/);
});
