// Native = WebAssembly: 10,200 generated households (1,700 for each local pack) assessed with
// the explanation by the release package in node and by the native CLI (`huimin batch --full`)
// give byte-identical result JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = process.env.HUIMIN_CLI || join(root, 'target', 'release', 'huimin');
const pkg = join(root, 'www', 'pkg');

test('10,200 households give byte-identical results natively and in WebAssembly', async () => {
  const mod = await import(join(pkg, 'huimin.js'));
  mod.initSync({ module: new WebAssembly.Module(readFileSync(join(pkg, 'huimin_bg.wasm'))) });
  const engine = new mod.Engine();
  const date = '2026-11-23';
  let compared = 0;
  for (const [i, region] of ['220723', '431225', '420323', '511600', '511725', '341702'].entries()) {
    const lines = execFileSync(cli, ['synth', '--region', region, '--n', '1700', '--seed', String(100 + i), '--year', '2026'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const native = execFileSync(cli, ['batch', '--full', '--date', date, '-'], { input: lines, encoding: 'utf8', maxBuffer: 1 << 30 })
      .split('\n').filter((l) => l);
    const inputs = lines.split('\n').filter((l) => l);
    assert.equal(native.length, inputs.length);
    for (const [j, line] of inputs.entries()) {
      const { household } = JSON.parse(line);
      const wasm = JSON.stringify(engine.assess(household, date, { trace: true }));
      const start = native[j].indexOf(',"result":');
      const expected = native[j].slice(start + ',"result":'.length, -1);
      if (wasm !== expected) {
        assert.equal(wasm, expected, `${region} household ${j}`);
      }
      compared += 1;
    }
  }
  assert.equal(compared, 10200);
});
