// W3 and W4 in node, and the package sizes. Run by scripts/bench, which passes the native
// figures measured just before (BENCH_* variables) so the native/WebAssembly ratios come from
// one run on one machine. Medians of several runs.
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const n = quick ? 20000 : 200000;

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
function time(runs, f) {
  const t = []; let last;
  for (let i = 0; i < runs; i++) { const a = performance.now(); last = f(); t.push((performance.now() - a) / 1000); }
  return [median(t), last];
}
const env = (k) => Number(process.env[`BENCH_${k}`] || NaN);
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

// W3: the bench build (same engine, plus the workloads) in node.
const bench = require(join(root, 'target', 'wasm-bench', 'huimin.js'));
const pop = new bench.BenchPopulation(n, 2018);
const [handS, hand] = time(5, () => pop.w1Hand());
const [engS, eng] = time(3, () => pop.w1Engine());
if (hand !== eng) { console.error(`W1 disagree: hand ${hand}, engine ${eng}`); process.exit(1); }
const m = n / 10;
const [plainS] = time(3, () => pop.w2(m, false));
const [traceS] = time(3, () => pop.w2(m, true));
const [qS] = time(3, () => pop.questions());
const w1Wasm = n / engS;
const w2PlainUs = (plainS * 1e6) / m;
const w2TraceUs = (traceS * 1e6) / m;
const qUs = (qS * 1e6) / pop.halfCount();
console.log(`W3 WebAssembly under node ${process.version}, ${n} households (${hand.split(' ')[0]} eligible)`);
console.log(`  W1 hand-written   : ${fmt(n / handS).padStart(12)} households/s`);
console.log(`  W1 engine         : ${fmt(w1Wasm).padStart(12)} households/s   wasm/native ${fmt(w1Wasm / env('W1_ENGINE_HPS'), 3)} (target ≥ 0.7)`);
console.log(`  W2 without trace  : ${fmt(w2PlainUs, 2).padStart(12)} µs/household  wasm/native speed ${fmt(env('W2_PLAIN_US') / w2PlainUs, 3)}`);
console.log(`  W2 with trace     : ${fmt(w2TraceUs, 2).padStart(12)} µs/household  wasm/native speed ${fmt(env('W2_TRACE_US') / w2TraceUs, 3)} (target ≤ 50 µs)`);
console.log(`  nextQuestions     : ${fmt(qUs, 2).padStart(12)} µs/household`);

// W2 as the page pays it: the release package's engine.assess with the trace, the household
// passed as a JS object and the result returned as one (synthetic 乾安 households from the
// release CLI, as `huimin synth` writes them; the 2018 rules, as W2 above).
{
  const cli = join(root, 'target', 'release', 'huimin');
  const k = quick ? 500 : 2000;
  const lines = execFileSync(cli, ['synth', '--region', '220723', '--n', String(k), '--seed', '1', '--year', '2018'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const households = lines.split('\n').filter((l) => l).map((l) => JSON.parse(l).household);
  const pkg = await import(join(root, 'www', 'pkg', 'huimin.js'));
  pkg.initSync({ module: new WebAssembly.Module(readFileSync(join(root, 'www', 'pkg', 'huimin_bg.wasm'))) });
  const engine = new pkg.Engine();
  const { resolveRefs } = await import(join(root, 'www', 'refs.js'));
  // The full result (assess), or, as the page asks for it, the result with each citation,
  // parameter and stale figure written once, its texts in the page's language alone, and the
  // citations and rule texts the page keeps from earlier results named by index
  // (assessWithRefs with `held`), resolved into the same objects.
  const held = [];
  const pass = (trace, refs) => {
    let eligible = 0;
    for (const hh of households) {
      const r = refs
        ? resolveRefs(engine.assessWithRefs(hh, '2018-06-01', { trace, lang: 'zh', held: held.length }), held)
        : engine.assess(hh, '2018-06-01', { trace });
      eligible += r.programs.filter((p) => p.status === 'eligible').length;
    }
    return eligible;
  };
  pass(true, false);
  pass(true, true);
  // Full and with references interleaved, medians of five each.
  const runs = { plain: [], trace: [], plainRefs: [], traceRefs: [] };
  let eligible;
  for (let r = 0; r < 5; r++) {
    runs.plain.push(time(1, () => pass(false, false))[0]);
    runs.plainRefs.push(time(1, () => pass(false, true))[0]);
    [runs.trace[r], eligible] = time(1, () => pass(true, false));
    runs.traceRefs.push(time(1, () => pass(true, true))[0]);
  }
  const us = (xs) => (median(xs) * 1e6) / k;
  console.log(`  W2 as the page pays it (release package, household in and result out as JS objects; ${k} households, ${eligible} eligible programs):`);
  console.log(`    without trace   : ${fmt(us(runs.plain), 2).padStart(12)} µs/household  as the page asks (references, Chinese alone, pieces held) ${fmt(us(runs.plainRefs), 2)} µs (${fmt(us(runs.plainRefs) / us(runs.plain), 3)} ×)`);
  console.log(`    with trace      : ${fmt(us(runs.trace), 2).padStart(12)} µs/household  as the page asks ${fmt(us(runs.traceRefs), 2)} µs (${fmt(us(runs.traceRefs) / us(runs.trace), 3)} ×)  (target ≤ 50 µs)`);
  // What the page pays to try an answer out (the status question's probes): engine.decide
  // against engine.assess without the trace, the same households, interleaved, medians.
  const probe = (decide) => {
    let eligible = 0;
    for (const hh of households) {
      const list = decide ? engine.decide(hh, '2018-06-01') : engine.assess(hh, '2018-06-01', { trace: false }).programs;
      eligible += list.filter((p) => p.status === 'eligible').length;
    }
    return eligible;
  };
  const [a, d] = [[], []];
  for (let r = 0; r < 5; r++) {
    a.push(time(1, () => probe(false))[0]);
    d.push(time(1, () => probe(true))[0]);
  }
  const [aS, dS] = [median(a), median(d)];
  console.log(`    a probe (decide): ${fmt((dS * 1e6) / k, 2).padStart(12)} µs/household  (assess without trace ${fmt((aS * 1e6) / k, 2)} µs in the same runs: ${fmt(aS / dS, 1)} ×)`);
  // What the results page asks the engine for: the result, what is still asked, and the
  // what-if curves of the first member (the engine sweeps that member's income).
  const some = households.slice(0, 100);
  const [pageS] = time(3, () => {
    for (const hh of some) {
      resolveRefs(engine.assessWithRefs(hh, '2018-06-01', { trace: false, lang: 'zh', held: held.length }), held);
      engine.nextQuestions(hh, '2018-06-01');
      if (hh.members?.length) engine.incomeCurves(hh, '2018-06-01', 0);
    }
  });
  console.log(`    the results page: ${fmt((pageS * 1e3) / some.length, 2).padStart(12)} ms/household (the result as the page asks it, nextQuestions, incomeCurves of the first member)`);
}

// W4: cold start of the release package: compile and instantiate, load the built-in rules,
// first nextQuestions.
const pkgDir = join(root, 'www', 'pkg');
const bytes = readFileSync(join(pkgDir, 'huimin_bg.wasm'));
const glue = readFileSync(join(pkgDir, 'huimin.js'), 'utf8');
const cold = [];
for (let i = 0; i < 5; i++) {
  // A fresh copy of the glue module each time, so nothing is cached between runs.
  const mod = await import(`data:text/javascript;base64,${Buffer.from(`${glue}\n//${i}`).toString('base64')}`);
  const a = performance.now();
  mod.initSync({ module: new WebAssembly.Module(bytes) });
  const b = performance.now();
  const e = new mod.Engine();
  const c = performance.now();
  e.nextQuestions({}, '2026-11-23');
  const d = performance.now();
  cold.push([b - a, c - b, d - c, d - a]);
}
const col = (j) => median(cold.map((r) => r[j]));
console.log(`W4 cold start (node, release package): compile+instantiate ${fmt(col(0), 1)} ms, load rules ${fmt(col(1), 1)} ms, first nextQuestions ${fmt(col(2), 1)} ms, total ${fmt(col(3), 1)} ms`);

// Sizes.
for (const f of ['huimin_bg.wasm', 'huimin.js']) {
  const raw = readFileSync(join(pkgDir, f));
  const gz = gzipSync(raw, { level: 9 }).length;
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`size ${f.padEnd(15)} raw ${String(raw.length).padStart(8)}  gzip ${String(gz).padStart(8)}  brotli ${String(br).padStart(8)} bytes`);
}

// Everything the first result needs, as the page loads it (brotli, as the server sends it): the
// page, its stylesheet, what its preload hints name (page.js with the glue, the engine's
// opening) and the .wasm that page.js asks for next (the region's rules are inside it).
{
  const www = join(pkgDir, '..');
  const html = readFileSync(join(www, 'index.html'), 'utf8');
  const hinted = [...html.matchAll(/<link rel="(?:modulepreload|preload|stylesheet)" href="([^"]+)"/g)].map((m) => m[1]);
  // The place list is for a resident choosing the place: a portal that knows it never reads it.
  const files = ['index.html', ...new Set([...hinted.filter((f) => f !== 'places.json'), 'pkg/huimin_bg.wasm'])];
  let total = 0;
  const parts = [];
  for (const f of files) {
    const br = brotliCompressSync(readFileSync(join(www, f)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    total += br;
    parts.push(`${f} ${br}`);
  }
  console.log(`size first result (brotli, target ≤ 150 KB): ${total} bytes = ${parts.join(' + ')}`);
}
