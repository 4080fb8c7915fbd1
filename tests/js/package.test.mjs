// The release package (www/pkg, after the wasm-opt pass) loaded and used in node, and checked
// against the native CLI on every example household: both must give identical results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

test('assessWithRefs, resolved by www/refs.js, is what assess gives (with lang, in that language alone), and writes each citation once', async () => {
  const { resolveRefs } = await import(join(root, 'www', 'refs.js'));
  const dir = join(root, 'examples');
  const households = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(dir, f), 'utf8'));
  const synthetic = execFileSync(cli, ['synth', '--region', '220723', '--n', '20', '--seed', '3', '--year', '2018'], { encoding: 'utf8' })
    .split('\n').filter((l) => l).map((l) => JSON.stringify(JSON.parse(l).household));
  let listed = 0;
  let quoted = 0;
  // A caller that keeps its pieces, per language, as the page does.
  const held = { zh: [], en: [] };
  const oneLanguage = (full, lang) => JSON.parse(JSON.stringify(full), (k, v) => (v && typeof v === 'object' && 'zh' in v && 'en' in v && Object.keys(v).length === 2 ? { [lang]: v[lang] } : v));
  for (const hh of [...households, ...synthetic]) {
    for (const date of ['2018-06-01', '2026-12-01']) {
      for (const options of [{ trace: true }, { trace: false }, { trace: true, topic: 'marriage' }]) {
        let full;
        try {
          full = engine.assess(hh, date, options);
        } catch (e) {
          assert.throws(() => engine.assessWithRefs(hh, date, options), (err) => err.code === e.code);
          continue;
        }
        const refs = engine.assessWithRefs(hh, date, options);
        listed += refs.citations?.length ?? 0;
        quoted += JSON.stringify(full).split('"citation":{').length - 1;
        assert.ok(JSON.stringify(refs).length <= JSON.stringify(full).length);
        const resolved = resolveRefs(refs);
        assert.deepEqual(resolved, full, `${hh.slice(0, 40)} on ${date}`);
        assert.equal(JSON.stringify(resolved), JSON.stringify(full), 'in the order assess writes it');
        // In one language: each text with that language alone.
        const zh = resolveRefs(engine.assessWithRefs(hh, date, { ...options, lang: 'zh' }));
        assert.deepEqual(zh, oneLanguage(full, 'zh'));
        // Keeping the pieces: each result names them in the engine's list and sends the new ones.
        for (const lang of ['en', 'zh']) {
          const r = engine.assessWithRefs(hh, date, { ...options, lang, held: held[lang].length });
          assert.equal(r.citations, undefined);
          const kept = resolveRefs(r, held[lang]);
          assert.deepEqual(kept, oneLanguage(full, lang), `${hh.slice(0, 40)} on ${date}, ${lang}, held`);
          // In the order assess writes it, too (a reason named by its rule is written anew).
          assert.equal(JSON.stringify(kept), JSON.stringify(oneLanguage(full, lang)));
        }
      }
    }
  }
  assert.ok(listed > 0 && listed * 2 < quoted, `${listed} listed, ${quoted} quoted`);
  assert.throws(() => engine.assessWithRefs(households[0], '2026-12-01', { lang: 'fr' }), (e) => e.code === 'bad_lang' && e.path === 'lang');
  assert.throws(() => engine.assessWithRefs(households[0], '2026-12-01', { held: -1 }), (e) => e.code === 'bad_value' && e.path === 'held');
  // Once the pieces are held, the same household sends none again, and is a fraction of its size.
  const family = readFileSync(join(dir, 'qianan_rural_family.json'), 'utf8');
  const options = { trace: false, topic: 'benefits', lang: 'zh' };
  const again = engine.assessWithRefs(family, '2026-12-01', { ...options, held: held.zh.length });
  assert.equal(again.pieces, undefined);
  const alone = JSON.stringify(engine.assessWithRefs(family, '2026-12-01', options)).length;
  assert.ok(JSON.stringify(again).length * 2 < alone, `${JSON.stringify(again).length} against ${alone}`);
  // A list the caller lost: asked from 0, the result sends every piece and resolves.
  const fresh = [];
  assert.deepEqual(resolveRefs(engine.assessWithRefs(family, '2026-12-01', { ...options, held: 0 }), fresh),
    oneLanguage(engine.assess(family, '2026-12-01', { trace: false, topic: 'benefits' }), 'zh'));
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

test('decide gives what assess gives, less the explanation, on every example household and its status probes', () => {
  const dir = join(root, 'examples');
  let compared = 0;
  const words = engine.form().find((x) => x.fact === 'member.status').choices.map((c) => c.value);
  assert.ok(words.length > 3);
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const hh = doc.household ?? doc;
    // As the page tries answers out: each member's status with one word ticked.
    const probes = [hh, ...(hh.members ?? []).flatMap((_, i) => words.map((w) => {
      const p = structuredClone(hh);
      p.members[i].status = [w];
      return p;
    }))];
    for (const date of ['2017-12-31', '2018-01-01', '2026-11-23']) {
      for (const topic of ['benefits', 'marriage']) {
        for (const p of probes) {
          let full;
          try {
            full = engine.assess(p, date, { trace: false, topic });
          } catch (e) {
            assert.throws(() => engine.decide(p, date, topic), (x) => x.code === e.code);
            continue;
          }
          const want = full.programs.map(({ id, name, status, amount }) => {
            const out = { id, name, status };
            if (amount) {
              const { from, ...rest } = amount;
              out.amount = rest;
            }
            return out;
          });
          assert.deepEqual(engine.decide(p, date, topic), want, `${f} ${date} ${topic}`);
          compared += 1;
        }
      }
    }
  }
  assert.ok(compared > 50, `${compared}`);
});

test('the resident package exports what the page and the mini program use, no more', () => {
  const exported = Object.keys(pkg).filter((k) => !k.startsWith('__') && k !== 'default' && k !== 'initSync').sort();
  assert.deepEqual(exported, ['Engine', 'version']);
  const methods = Object.getOwnPropertyNames(pkg.Engine.prototype).filter((k) => k !== 'constructor' && k !== 'free' && !k.startsWith('__')).sort();
  assert.deepEqual(methods, ['assess', 'assessWithRefs', 'bookingRequest', 'decide', 'explain', 'form', 'incomeCurve', 'incomeCurves',
    'nextQuestions', 'regions', 'registries', 'registryAnywhere', 'slots', 'warm']);
  assert.equal(typeof pkg.Engine.fromCompiled, 'function');
  // The signature check is in the package for signed bundles only.
  for (const s of ['fromSignedBundle', 'fromFiles', 'compare', 'parameters']) assert.equal(pkg.Engine[s] ?? pkg.Engine.prototype[s], undefined, s);
});

test('the opening the page shows before the engine is what the WebAssembly engine asks first, in every region, with its places', () => {
  const opening = JSON.parse(readFileSync(join(root, 'www', 'pkg', 'opening.json'), 'utf8'));
  const field = engine.form().find((f) => f.fact === opening.question.fact);
  assert.deepEqual(opening.field, field);
  const pickShown = (q) => ({ fact: q.fact, path: q.path, person: q.person, text: q.text, help: q.help });
  const regions = engine.regions();
  assert.ok(regions.length > 5);
  // The places it names on the first screen are the engine's own.
  assert.deepEqual(opening.regions, regions);
  for (const r of regions) {
    const [first] = engine.nextQuestions({ region: r.code }, opening.date);
    assert.deepEqual(pickShown(first), pickShown(opening.question), r.code);
  }
});

test('the package for signed bundles runs on a verified bundle, refuses an altered one, and has no built-in rules', async () => {
  const signed = join(root, 'www', 'pkg-signed');
  const wasm = readFileSync(join(signed, 'huimin_bg.wasm'));
  const m = await import(join(signed, 'huimin.js'));
  m.initSync({ module: wasm });
  // No compiled rules in it (their magic number), and no rule-file reader either.
  assert.ok(!wasm.includes(Buffer.from('HUIMINC', 'latin1')), 'built-in rules in the package for signed bundles');
  assert.ok(!/toml/i.test(wasm.toString('latin1')), 'the rule-file reader is in the package for signed bundles');
  assert.throws(() => new m.Engine(), (e) => e.code === 'no_compiled_rules' && /fromSignedBundle/.test(e.message));
  const dir = mkdtempSync(join(tmpdir(), 'huimin-pkg-signed-'));
  try {
    const run = (args) => execFileSync(cli, args, { encoding: 'utf8' }).trim();
    const key = run(['bundle', 'keygen', '--out', join(dir, 'key')]);
    run(['bundle', 'sign', '--key', join(dir, 'key'), '--rules', join(root, 'rules'), '--out', join(dir, 'b.json')]);
    const bundle = readFileSync(join(dir, 'b.json'), 'utf8');
    const e = m.Engine.fromSignedBundle(bundle, key);
    // The built-in rules, signed: the same results as the resident's package.
    for (const f of readdirSync(join(root, 'examples')).filter((x) => x.endsWith('.json'))) {
      const hh = readFileSync(join(root, 'examples', f), 'utf8');
      assert.deepEqual(e.assess(hh, '2026-11-23', { trace: true }), engine.assess(hh, '2026-11-23', { trace: true }), f);
    }
    // One figure of one rule file changed after signing.
    const doc = JSON.parse(bundle);
    const file = Object.keys(doc.files).find((k) => k.startsWith('220723/') && doc.files[k].includes('450'));
    assert.ok(file, 'no 乾安 file with 450');
    doc.files[file] = doc.files[file].replace('450', '451');
    assert.throws(() => m.Engine.fromSignedBundle(JSON.stringify(doc), key), (x) => x.code === 'hash_mismatch');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
