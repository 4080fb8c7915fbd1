// A/B of two copies of www/ on a cheap phone's profile (150 ms round trips, 1.6 Mbps, processor
// 4× slower), interleaved runs, medians: first screen, first question, place list, engine ready
// and first result, marked in the page by a script run at the start of the document (as
// tests/js/coldstart.test.mjs does), so no harness code runs on the page's main thread.
// Usage: node tests/js/bench/page-ab.mjs DIR_A DIR_B [RUNS=7] [QUERY='?region=220723']
import { launch } from '../browser.mjs';
import { serve } from '../server.mjs';
const [a, b] = process.argv.slice(2, 4);
const runs = Number(process.argv[4] || 7);
const query = process.argv[5] ?? '?region=220723';
const servers = [await serve(a), await serve(b)];
const browser = await launch();
const INIT = `(() => {
  const marks = window.__marks = {};
  const seen = new MutationObserver(() => {
    if (!marks.screen && document.querySelector('.toolbar button')) {
      marks.screen = performance.now();
      const start = [...document.querySelectorAll('button')].find((b) => b.textContent === '开始自测');
      if (start && new URLSearchParams(location.search).has('region')) { marks.press = performance.now(); start.click(); }
    }
    if (!marks.places && document.querySelector('select[name="province"]')) marks.places = performance.now();
    if (!marks.question && document.querySelector('form.question')) { marks.question = performance.now(); }
    if (!marks.engine && document.querySelector('.progress')) marks.engine = performance.now();
  });
  seen.observe(document, { childList: true, subtree: true });
})();`;
const rows = [[], []];
for (let i = 0; i < runs; i++) {
  for (const k of [0, 1]) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Page.enable');
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: INIT });
    await cdp.send('Page.navigate', { url: `${servers[k].url}/${query}` });
    let m;
    for (;;) {
      await new Promise((res) => setTimeout(res, 200));
      const v = await cdp.send('Runtime.evaluate', { expression: `JSON.stringify({...(window.__marks || {}), res: performance.getEntriesByType('resource').map((e) => [e.name.split('/').pop(), Math.round(e.responseEnd)])})`, returnByValue: true }).catch(() => null);
      m = v ? JSON.parse(v.result.value || '{}') : {};
      if ((m.question && m.engine) || m.places) break;
    }
    if (m.engine) m.result = await page.evaluate(() => new Promise((resolve) => {
      const t0 = performance.now();
      const seen = new MutationObserver(() => {
        if (document.querySelector('#hm-results')) { seen.disconnect(); resolve(performance.now() - t0); }
      });
      seen.observe(document.body, { childList: true, subtree: true });
      [...document.querySelectorAll('button')].find((b) => b.textContent === '查看目前结果').click();
    }));
    rows[k].push(m);
    await context.close();
  }
}
const med = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
for (const k of [0, 1]) {
  const rs = rows[k];
  const res = (name) => med(rs.map((r) => (r.res.find(([n]) => n === name) || [0, NaN])[1]));
  console.log(k ? 'B' : 'A', 'screen', med(rs.map((r) => r.screen)).toFixed(0), 'question', med(rs.map((r) => r.question ?? NaN)).toFixed(0), 'places', med(rs.map((r) => r.places ?? NaN)).toFixed(0), 'engine', med(rs.map((r) => r.engine ?? NaN)).toFixed(0), 'wasm end', res('huimin_bg.wasm'), 'page.js end', res('page.js'), 'result', med(rs.map((r) => r.result ?? NaN)).toFixed(1), 'all', rs.map((r) => Math.round(r.question ?? r.places)).join(' '));
}
await browser.close();
for (const s of servers) await s.close();
