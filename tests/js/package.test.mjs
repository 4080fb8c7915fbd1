// The release package (www/pkg, after the wasm-opt pass) loaded and used in node, and checked
// against the native CLI on every example household: both must give identical results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = await import(join(root, 'www', 'pkg', 'huimin.js'));
pkg.initSync({ module: readFileSync(join(root, 'www', 'pkg', 'huimin_bg.wasm')) });
const engine = new pkg.Engine();
const cli = process.env.HUIMIN_CLI || join(root, 'target', 'release', 'huimin');

test('assesses a 乾安 urban household with exact decimal strings', () => {
  const hh = JSON.parse(readFileSync(join(root, 'examples', 'qianan_urban_single.json'), 'utf8'));
  const a = engine.assess(hh, '2018-03-01', { trace: true });
  const dibao = a.programs.find((p) => p.id === 'dibao');
  assert.equal(typeof dibao.amount.monthly, 'string');
  assert.match(dibao.amount.monthly, /^\d+\.\d{2}$/);
  assert.equal(a.region, '220723');
});

test('errors are Error objects with code and path', () => {
  assert.throws(() => engine.assess({ members: [{ id: 'a', birth_date: '2019-01-01' }] }, '2018-03-01'),
    (e) => e instanceof Error && e.code === 'bad_value' && e.path === 'members[0].birth_date');
  assert.throws(() => engine.assess('{"members": [}', '2018-03-01'), (e) => e.code === 'malformed_json');
  assert.throws(() => engine.nextQuestions({}, 'yesterday'), (e) => e.code === 'bad_date' && e.path === 'date');
});

test('the same results as the native CLI on every example household', () => {
  const dir = join(root, 'examples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 5);
  for (const f of files) {
    for (const date of ['2017-06-30', '2018-01-01', '2022-03-01', '2026-11-23']) {
      const text = readFileSync(join(dir, f), 'utf8');
      let native;
      try {
        native = JSON.parse(execFileSync(cli, ['assess', '--date', date, join(dir, f)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
      } catch (e) {
        // Native rejected the input: the package must reject it with the same code.
        const code = /\[([a-z_]+)\]\s*$/.exec(String(e.stderr).trim())?.[1];
        assert.throws(() => engine.assess(text, date, { trace: true }), (err) => err.code === code, `${f} ${date}`);
        continue;
      }
      const wasm = engine.assess(text, date, { trace: true });
      assert.deepEqual(wasm, native, `${f} on ${date}`);
    }
  }
});

test('next questions, regions, form and explain', () => {
  assert.equal(engine.nextQuestions({}, '2026-11-23')[0].fact, 'region');
  const regions = engine.regions();
  assert.ok(regions.some((r) => r.code === '431225' && r.has_pack));
  assert.ok(engine.form().some((f) => f.fact === 'member.disability' && f.kind === 'disability'));
  const hh = JSON.parse(readFileSync(join(root, 'examples', 'qianan_rural_family.json'), 'utf8'));
  const text = engine.explain(hh, '2018-03-01', 'zh');
  assert.match(text, /最低生活保障/);
  // The same text as `huimin explain` prints, in both languages.
  for (const lang of ['zh', 'en']) {
    const native = execFileSync(cli, ['explain', '--date', '2018-03-01', '--lang', lang,
      join(root, 'examples', 'qianan_rural_family.json')], { encoding: 'utf8' });
    assert.equal(engine.explain(hh, '2018-03-01', lang), native);
  }
});

test('whether any registry may register a couple, as the rules say on the date', () => {
  const before = engine.registryAnywhere('110101', '2025-05-09');
  assert.equal(before.anywhere, false);
  assert.match(before.citation.article, /常住户口所在地/);
  const after = engine.registryAnywhere(undefined, '2025-05-10');
  assert.equal(after.anywhere, true);
  assert.match(after.citation.article, /全国通办/);
  assert.deepEqual(engine.registryAnywhere('431225', '1990-01-01'), { anywhere: false, citation: null });
  assert.throws(() => engine.registryAnywhere('999999', '2025-05-10'), (e) => e.code === 'unknown_region');
});

test('the resident package exports what the page and the mini program use, no more', () => {
  const exported = Object.keys(pkg).filter((k) => !k.startsWith('__') && k !== 'default' && k !== 'initSync').sort();
  assert.deepEqual(exported, ['Engine', 'version']);
  const methods = Object.getOwnPropertyNames(pkg.Engine.prototype).filter((k) => k !== 'constructor' && k !== 'free' && !k.startsWith('__')).sort();
  assert.deepEqual(methods, ['assess', 'bookingRequest', 'explain', 'form', 'incomeCurve', 'incomeCurves',
    'nextQuestions', 'regions', 'registries', 'registryAnywhere', 'slots']);
  for (const s of ['fromCompiled', 'fromSignedBundle']) assert.equal(typeof pkg.Engine[s], 'function', s);
  for (const s of ['fromFiles', 'compare', 'parameters']) assert.equal(pkg.Engine[s] ?? pkg.Engine.prototype[s], undefined, s);
});

test('the opening the page shows before the engine is what the WebAssembly engine asks first, in every region', () => {
  const opening = JSON.parse(readFileSync(join(root, 'www', 'pkg', 'opening.json'), 'utf8'));
  const field = engine.form().find((f) => f.fact === opening.question.fact);
  assert.deepEqual(opening.field, field);
  const pickShown = (q) => ({ fact: q.fact, path: q.path, person: q.person, text: q.text, help: q.help });
  const regions = engine.regions();
  assert.ok(regions.length > 5);
  for (const r of regions) {
    const [first] = engine.nextQuestions({ region: r.code }, opening.date);
    assert.deepEqual(pickShown(first), pickShown(opening.question), r.code);
  }
});
