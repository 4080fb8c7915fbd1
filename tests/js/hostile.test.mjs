// Hostile content in headless Chromium: rule texts and household ids carrying HTML and script,
// compiled by the CLI (`huimin bundle compile`), loaded through Engine.fromCompiled and rendered by the page's own result cards, show as text and
// run nothing; the page's Content-Security-Policy refuses an inline script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { site } from './browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EVIL = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;

const www = site(join(root, 'www'));
const cli = process.env.HUIMIN_CLI || join(root, 'target', 'release', 'huimin');

/** The W1 benchmark pack with every name and text replaced by hostile markup. */
function hostileFiles() {
  const files = {};
  for (const f of ['000000/pack.toml', '220723/pack.toml']) {
    files[f] = readFileSync(join(root, 'benches', 'w1', f), 'utf8')
      .replace(/(name|text|description) = \{ zh = "[^"]*", en = "[^"]*" \}/g, `$1 = { zh = '${EVIL}', en = '${EVIL}' }`);
  }
  return files;
}

/** The hostile pack in the compiled form the resident's package loads, as a list of bytes. */
function hostileCompiled() {
  const dir = mkdtempSync(join(tmpdir(), 'huimin-hostile-'));
  try {
    for (const [f, text] of Object.entries(hostileFiles())) {
      mkdirSync(join(dir, 'rules', dirname(f)), { recursive: true });
      writeFileSync(join(dir, 'rules', f), text);
    }
    execFileSync(cli, ['bundle', 'compile', '--rules', join(dir, 'rules'), '--out', join(dir, 'c.bin')]);
    return [...readFileSync(join(dir, 'c.bin'))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('rule texts and ids with markup are shown as text, and nothing runs', async () => {
  const page = await www.browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${www.server.url}/index.html`);
  await page.locator('.toolbar button').first().waitFor();
  const out = await page.evaluate(async ({ compiled, evil }) => {
    const { default: init, Engine } = await import('./pkg/huimin.js');
    const { programCard } = await import('./results.js');
    await init();
    const engine = Engine.fromCompiled(new Uint8Array(compiled));
    const hh = {
      region: '220723', hukou: 'urban',
      members: [{ id: evil, relation: 'applicant', birth_date: '1950-01-01', disability: null, serious_illness: false, income: { wage: '100' }, status: [] }],
      assets: { deposits: '0', homes: 1, vehicles: [] },
    };
    const result = engine.assess(hh, '2018-06-01', { trace: true, topic: null });
    const before = document.querySelectorAll('img, script').length;
    const box = document.createElement('div');
    box.id = 'hostile';
    for (const p of result.programs) {
      box.append(programCard('en', p, { personLabel: (id) => id, questionText: (m) => m.path }));
    }
    document.body.append(box);
    await new Promise((r) => setTimeout(r, 200));
    return {
      added: document.querySelectorAll('img, script').length - before,
      pwned: window.__pwned ?? null,
      text: box.textContent,
      status: result.programs[0].status,
    };
  }, { compiled: hostileCompiled(), evil: EVIL });
  assert.equal(out.status, 'eligible');
  assert.equal(out.added, 0);
  assert.equal(out.pwned, null);
  assert.ok(out.text.includes('<img src=x onerror="window.__pwned=1">'), out.text.slice(0, 200));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the Content-Security-Policy refuses inline script', async () => {
  const page = await www.browser.newPage();
  const console = [];
  page.on('console', (m) => console.push(m.text()));
  await page.goto(`${www.server.url}/index.html`);
  await page.locator('.toolbar button').first().waitFor();
  const ran = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.head.append(s);
    const a = document.createElement('a');
    a.href = 'javascript:window.__inline = 2';
    document.body.append(a);
    a.click();
    await new Promise((r) => setTimeout(r, 200));
    return window.__inline ?? null;
  });
  assert.equal(ran, null);
  assert.ok(console.some((t) => /Content Security Policy/.test(t)), console.join('\n'));
  await page.close();
});
