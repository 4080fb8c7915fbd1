// Where the shipped package runs, checked on the release build (www/pkg, www/pkg-signed, and
// miniprogram/pkg when it has been built): the README's "Where it runs" claims rest on these tests.
// - The .wasm uses the WebAssembly MVP feature set only (the oldest runtimes the README names:
//   iOS 14 JavaScriptCore, under Safari and under WeChat's WXWebAssembly, lacks sign-extension
//   before 14.5 and bulk memory, reference types and non-trapping float-to-int before 15):
//   validated with binaryen's wasm-opt from npm, --mvp-features plus the features of ALLOWED.
// - Nothing crossing the JS boundary on a resident's path carries an i64, which JavaScript sees
//   as a BigInt only where the engine has the JS-BigInt integration (Safari 14.1, iOS 14.5,
//   Chrome 85, Firefox 78): no export has an i64 in its signature, and the imports that have one
//   (present in the glue, for BigInt values that the package never receives or sends) are never
//   called while a resident's household is asked about, assessed and explained.
// - No exported global is read by the glue: WXWebAssembly on iOS exports functions, memories and
//   tables only.
// - Neither the .wasm nor the glue carries a path of the machine that built it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const wasmOpt = join(here, 'node_modules', '.bin', 'wasm-opt');
const wasmPath = join(root, 'www', 'pkg', 'huimin_bg.wasm');
const bytes = readFileSync(wasmPath);

// Post-MVP features the shipped .wasm may use (binaryen's names). None: the build lowers what
// the precompiled standard library brings (scripts/lib.sh, optimise_wasm).
const ALLOWED = [];
// Post-MVP features, each with those binaryen implies by it, left out one group at a time from the
// whole set to name what a failing module uses.
const GROUPS = [['sign-ext'], ['mutable-globals'], ['nontrapping-float-to-int'],
  ['bulk-memory', 'bulk-memory-opt'], ['reference-types', 'call-indirect-overlong'], ['multivalue'],
  ['simd'], ['tail-call'], ['extended-const'], ['exception-handling'], ['multimemory'], ['memory64'],
  ['threads']];

// --- a small reader of the module's sections ---------------------------------------------------
function sections(buf) {
  const out = [];
  let p = 8;
  const leb = () => { let r = 0, s = 0, x; do { x = buf[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; };
  while (p < buf.length) {
    const start = p;
    const id = buf[p++];
    const size = leb();
    const body = p;
    p += size;
    let name = null;
    if (id === 0) { const q = p; p = body; const n = leb(); name = buf.subarray(p, p + n).toString('utf8'); p = q; }
    out.push({ id, name, start, body, end: p });
  }
  return out;
}

function reader(buf, p) {
  const r = {
    get p() { return p; },
    u8: () => buf[p++],
    leb: () => { let v = 0, s = 0, x; do { x = buf[p++]; v += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return v; },
    name: () => { const n = r.leb(); const s = buf.subarray(p, p + n).toString('utf8'); p += n; return s; },
    vec: (f) => Array.from({ length: r.leb() }, f),
    limits: () => { const flags = r.u8(); r.leb(); if (flags & 1) r.leb(); },
  };
  return r;
}

// Function signatures of the imports and exports, and the kinds of the exports.
function signatures(buf) {
  const secs = sections(buf);
  const at = (id) => secs.find((s) => s.id === id);
  const types = [];
  const t = at(1);
  if (t) {
    const r = reader(buf, t.body);
    r.vec(() => {
      assert.equal(r.u8(), 0x60, 'a function type');
      types.push({ params: r.vec(() => r.u8()), results: r.vec(() => r.u8()) });
    });
  }
  const imports = [];
  const funcTypes = [];
  const im = at(2);
  if (im) {
    const r = reader(buf, im.body);
    r.vec(() => {
      const module = r.name();
      const field = r.name();
      const kind = r.u8();
      if (kind === 0) { const ty = types[r.leb()]; imports.push({ module, field, ty }); funcTypes.push(ty); }
      else if (kind === 1) { r.u8(); r.limits(); }
      else if (kind === 2) r.limits();
      else if (kind === 3) { r.u8(); r.u8(); }
    });
  }
  const fn = at(3);
  if (fn) { const r = reader(buf, fn.body); r.vec(() => funcTypes.push(types[r.leb()])); }
  const exports = [];
  const ex = at(7);
  if (ex) {
    const r = reader(buf, ex.body);
    r.vec(() => { const name = r.name(); const kind = r.u8(); const index = r.leb(); exports.push({ name, kind, ty: kind === 0 ? funcTypes[index] : null }); });
  }
  return { imports, exports };
}
const I64 = 0x7e;
const hasI64 = (ty) => ty.params.includes(I64) || ty.results.includes(I64);

// The module without its target_features section: binaryen would otherwise take the features
// the section declares instead of the ones given on the command line.
function withoutTargetFeatures(buf) {
  const keep = sections(buf).filter((s) => s.name !== 'target_features');
  return Buffer.concat([buf.subarray(0, 8), ...keep.map((s) => buf.subarray(s.start, s.end))]);
}

test('the shipped .wasm validates with the WebAssembly MVP feature set', () => {
  assert.ok(existsSync(wasmOpt), "binaryen's wasm-opt from npm (tests/js/node_modules)");
  const dir = mkdtempSync(join(tmpdir(), 'huimin-features-'));
  try {
    const file = join(dir, 'module.wasm');
    const validates = (features) => spawnSync(wasmOpt,
      [file, '--mvp-features', ...features.map((f) => `--enable-${f}`), '-o', join(dir, 'out.wasm')],
      { stdio: 'ignore' }).status === 0;
    // The resident's package and the package for signed bundles.
    for (const [name, module] of [['pkg', bytes], ['pkg-signed', readFileSync(join(root, 'www', 'pkg-signed', 'huimin_bg.wasm'))]]) {
      writeFileSync(file, withoutTargetFeatures(module));
      if (!validates(ALLOWED)) {
        const all = GROUPS.flat();
        const used = GROUPS.filter((g) => !validates([...ALLOWED, ...all.filter((f) => !g.includes(f))]))
          .map((g) => g[0]).filter((f) => !ALLOWED.includes(f));
        assert.fail(`${name}/huimin_bg.wasm uses more than MVP${ALLOWED.length ? ` + ${ALLOWED.join(', ')}` : ''}: ` +
          `${used.join(', ') || 'features binaryen cannot name'} (build_wasm in scripts/lib.sh lowers what std brings)`);
      }
    }
    // The check itself works: a module with a sign-extension instruction fails it.
    const signExt = Buffer.from('0061736d0100000001060160017f017f030201000a070105002000c00b', 'hex');
    writeFileSync(file, signExt);
    assert.ok(!validates(ALLOWED) && validates(['sign-ext']), 'the validation rejects a post-MVP instruction');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no export has an i64 in its signature, and the glue reads no exported global', () => {
  const { exports } = signatures(bytes);
  assert.ok(exports.some((e) => e.name === 'engine_assess'), 'the reader found the exports');
  const wide = exports.filter((e) => e.ty && hasI64(e.ty)).map((e) => e.name);
  assert.deepEqual(wide, [], 'exports that would need the JS-BigInt integration');
  const glue = readFileSync(join(root, 'www', 'pkg', 'huimin.js'), 'utf8');
  const globals = exports.filter((e) => e.kind === 3).map((e) => e.name);
  const read = globals.filter((g) => glue.includes(`wasm.${g}`) || glue.includes(`['${g}']`) || glue.includes(`["${g}"]`));
  assert.deepEqual(read, [], 'exported globals the glue reads (iOS WXWebAssembly exports none)');
});

test("a resident's path calls no import with an i64 in its signature", async () => {
  const { imports } = signatures(bytes);
  const wide = new Set(imports.filter((i) => hasI64(i.ty)).map((i) => `${i.module}\0${i.field}`));
  const called = [];
  let instances = 0;
  const Instance = WebAssembly.Instance;
  // The glue instantiates with `new WebAssembly.Instance(module, imports)` (initSync); wrap the
  // imports whose signature has an i64 so that a call is recorded.
  WebAssembly.Instance = function (module, importObject) {
    instances += 1;
    const wrapped = {};
    for (const [m, fields] of Object.entries(importObject)) {
      wrapped[m] = { ...fields };
      for (const [f, v] of Object.entries(fields)) {
        if (typeof v === 'function' && wide.has(`${m}\0${f}`)) wrapped[m][f] = (...args) => { called.push(f); return v(...args); };
      }
    }
    return new Instance(module, wrapped);
  };
  let pkg;
  try {
    const glue = readFileSync(join(root, 'www', 'pkg', 'huimin.js'), 'utf8');
    // A fresh copy of the glue, so that this instance is the one the calls below use.
    pkg = await import(`data:text/javascript;base64,${Buffer.from(`${glue}\n// wasm-features`).toString('base64')}`);
    pkg.initSync({ module: new WebAssembly.Module(bytes) });
  } finally {
    WebAssembly.Instance = Instance;
  }
  assert.equal(instances, 1, 'the glue instantiated through WebAssembly.Instance');
  const engine = new pkg.Engine();
  engine.regions();
  engine.form();
  const dir = join(root, 'examples');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const hh = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    for (const date of ['2018-03-01', '2026-11-23']) {
      try {
        engine.nextQuestions(hh, date);
        const result = engine.assess(hh, date, { trace: true });
        engine.explain(hh, date, 'zh');
        engine.explain(JSON.stringify(hh), date, 'en', { topic: 'marriage' });
        (hh.members ?? []).forEach((_, i) => engine.incomeCurves(hh, date, i));
      } catch (e) {
        assert.ok(typeof e.code === 'string', `${f} ${date}: ${e.message}`);
      }
    }
  }
  const registry = engine.registries()[0];
  const days = engine.slots(registry.id, '2026-11-23', 30).days.filter((d) => d.slots.length);
  const couple = JSON.parse(readFileSync(join(dir, 'divorce_2025.json'), 'utf8'));
  engine.registryAnywhere(couple.region, days[0].date);
  try {
    engine.bookingRequest(couple, 'divorce_registration', registry.id, days[0].date, days[0].slots[0].start);
  } catch (e) {
    assert.ok(typeof e.code === 'string', e.message);
  }
  assert.deepEqual(called, [], 'i64 imports called (they need the JS-BigInt integration)');
});

test('the glue is ES2017: no optional chaining, nullish coalescing or BigInt literal', () => {
  // Syntax an engine without it cannot parse, so the whole package would fail to load; the
  // README's floors for the package (Safari 11.1, Chrome 64, Firefox 62) rest on this.
  // scripts/lib.sh (lower_glue_syntax) rewrites the one use wasm-bindgen's glue has today.
  const newer = /\?\.(?!\d)|\?\?|\b\d+n\b/;
  const comment = /^\s*(\/\/|\/\*|\*)/;
  for (const f of [join('www', 'pkg', 'huimin.js'), join('www', 'pkg-signed', 'huimin.js'), join('miniprogram', 'pkg', 'huimin.js')]) {
    if (!existsSync(join(root, f))) continue;
    const found = readFileSync(join(root, f), 'utf8').split('\n')
      .map((line, i) => ({ line, n: i + 1 }))
      .filter(({ line }) => !comment.test(line) && newer.test(line))
      .map(({ line, n }) => `${f}:${n}: ${line.trim()}`);
    assert.deepEqual(found, [], 'syntax newer than ES2017 in the glue');
  }
});

test('the package carries no path of the machine that built it', () => {
  const files = [wasmPath, join(root, 'www', 'pkg', 'huimin.js'),
    join(root, 'www', 'pkg-signed', 'huimin_bg.wasm'), join(root, 'www', 'pkg-signed', 'huimin.js')];
  for (const f of ['huimin_bg.wasm', 'huimin.js']) {
    const p = join(root, 'miniprogram', 'pkg', f);
    if (existsSync(p)) files.push(p);
  }
  // Home and work directories, temporary directories, cargo's and rustup's homes, Windows drives.
  const machine = /\/(?:root|home|Users|work|tmp|var|opt|builds?|runner|github)\/[^\s"'`]*|\.cargo[/\\]|\.rustup[/\\]|registry[/\\]src[/\\]|[A-Za-z]:\\(?:Users|Windows|a)\\[^\s"']*/g;
  for (const f of files) {
    const text = readFileSync(f).toString('latin1');
    const found = [...new Set(text.match(machine) ?? [])];
    assert.deepEqual(found.slice(0, 5), [], `${f.slice(root.length + 1)} carries build-machine paths`);
  }
  // The check itself works: the panic locations of dependencies are there, trimmed.
  assert.match(bytes.toString('latin1'), /rust_decimal-[0-9.]+\/src\/[a-z_/]+\.rs/);
});
