// A/B of two copies of www/ on a cheap phone's profile (../phone.mjs: 150 ms round trips,
// 1.6 Mbps, processor 4× slower), interleaved runs, medians: first screen, first question, place
// list, engine ready, the ends of page.js and the .wasm, and the first result (each question and
// result also when drawn), marked in the page as tests/js/coldstart.test.mjs marks them.
// Usage: node tests/js/bench/page-ab.mjs DIR_A DIR_B [RUNS=7] [QUERY='?region=220723']
import { launch } from '../browser.mjs';
import { serve } from '../server.mjs';
import { phone, firstResult } from '../phone.mjs';

const [a, b] = process.argv.slice(2, 4);
const runs = Number(process.argv[4] || 7);
const query = process.argv[5] ?? '?region=220723';
const servers = [await serve(a), await serve(b)];
const browser = await launch();
const rows = [[], []];
for (let i = 0; i < runs; i++) {
  for (const k of [0, 1]) {
    // With the place given, to the engine (then the first result); without, to the place list
    // (with the place given the picker shows early too, named from the opening).
    const given = /[?&]region=/.test(query);
    const { context, page, marks } = await phone(browser, `${servers[k].url}/${query}`,
      (m) => (given ? m.question && m.engine : m.places));
    if (marks.engine) {
      const r = await firstResult(page);
      marks.result = r.dom;
      marks.resultPainted = r.painted;
    }
    rows[k].push(marks);
    await context.close();
  }
}
const med = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const col = (rs, k, digits = 0) => med(rs.map((r) => r[k] ?? NaN)).toFixed(digits);
for (const k of [0, 1]) {
  const rs = rows[k];
  console.log(k ? 'B' : 'A', 'screen', col(rs, 'screen'), 'question', col(rs, 'question'), 'drawn', col(rs, 'questionPainted'), 'places', col(rs, 'places'),
    'engine', col(rs, 'engine'), 'wasm end', col(rs, 'wasmEnd'), 'page.js end', col(rs, 'pageEnd'),
    'result', col(rs, 'result', 1), 'drawn', col(rs, 'resultPainted', 1), 'all', rs.map((r) => Math.round(r.question ?? r.places)).join(' '));
}
await browser.close();
for (const s of servers) await s.close();
