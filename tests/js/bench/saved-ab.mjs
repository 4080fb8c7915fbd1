// A/B of two copies of www/ on a cheap phone's profile (../phone.mjs), interleaved runs, medians:
// a resident who has answered everything opens their saved answers (the rural family) once the
// engine is there; the milliseconds to the results and to the what-if chart after opening.
// Usage: node tests/js/bench/saved-ab.mjs DIR_A DIR_B [RUNS=7] [WAIT_MS=2500]
import { readFileSync } from 'node:fs';
import { launch } from '../browser.mjs';
import { serve } from '../server.mjs';
import { phone, savedResult } from '../phone.mjs';

const [a, b] = process.argv.slice(2, 4);
const runs = Number(process.argv[4] || 7);
const wait = Number(process.argv[5] || 2500);
const family = JSON.parse(readFileSync(new URL('../../../examples/qianan_rural_family.json', import.meta.url), 'utf8'));
const servers = [await serve(a), await serve(b)];
const browser = await launch();
const rows = [[], []];
for (let i = 0; i < runs; i++) {
  for (const k of [0, 1]) {
    const { context, page } = await phone(browser, `${servers[k].url}/`, (m) => m.places);
    await page.locator('select[name="province"]').selectOption('220000');
    await page.locator('.place-legend').waitFor();
    // The resident takes a moment to find the file: the engine has arrived and settled.
    await page.waitForTimeout(wait);
    rows[k].push(await savedResult(page, family));
    await context.close();
  }
}
const med = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
for (const k of [0, 1]) {
  const rs = rows[k];
  console.log(k ? 'B' : 'A', 'results', med(rs.map((r) => r.results)).toFixed(1), 'chart', med(rs.map((r) => r.chart)).toFixed(1),
    'all', rs.map((r) => Math.round(r.results)).join(' '));
}
await browser.close();
for (const s of servers) await s.close();
