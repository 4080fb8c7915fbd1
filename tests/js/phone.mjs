// A cheap phone for the page's timings: 150 ms round trips, 1.6 Mbps down, 750 kbps up
// (Lighthouse's mobile setting), the processor four times slower. The page's own moments are
// marked by a script run at the start of the document, so nothing of the harness runs on the
// page's main thread before them: Playwright's locators first inject a script of their own,
// which with the processor slowed four times took 200–300 ms of it (2026-12-01: 1,327 against
// 1,035 ms to the first question, five runs each), a cost no resident's phone pays. A resident
// whose place the portal gave presses 开始自测 as soon as it shows; one who chooses it, chooses.
// Used by coldstart.test.mjs and bench/page-ab.mjs.

const MARKS = `(() => {
  const marks = window.__huiminMarks = {};
  const resource = (end) => performance.getEntriesByType('resource').find((e) => e.name.endsWith(end));
  const seen = new MutationObserver(() => {
    const now = performance.now();
    if (!marks.screen && document.querySelector('.toolbar button')) {
      marks.screen = now;
      const start = [...document.querySelectorAll('button')].find((b) => b.textContent === '开始自测');
      if (start && new URLSearchParams(location.search).has('region')) start.click();
    }
    if (!marks.places && document.querySelector('select[name="province"]')) marks.places = now;
    const q = document.querySelector('form.question');
    if (!marks.question && q) {
      marks.question = now;
      marks.fact = q.dataset.fact;
      marks.early = !resource('/huimin_bg.wasm');
      // Painted: the frame that shows it has been drawn (a task queued from its animation frame
      // runs after that frame's paint).
      requestAnimationFrame(() => setTimeout(() => { marks.questionPainted = performance.now(); }, 0));
    }
    if (!marks.engine && document.querySelector('.progress')) {
      marks.engine = now;
      marks.pageEnd = resource('/page.js')?.responseEnd;
      marks.wasmStart = resource('/huimin_bg.wasm')?.startTime;
      marks.wasmEnd = resource('/huimin_bg.wasm')?.responseEnd;
      marks.fetched = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
    }
  });
  seen.observe(document, { childList: true, subtree: true });
})();`;

/**
 * Opens `url` in a fresh context of `browser` on the phone above and waits until `until(marks)`
 * holds (at most 60 s). Returns `{ context, page, marks }`; marks are milliseconds after
 * navigation: screen, places, question (with fact and early: before the .wasm had arrived;
 * questionPainted once drawn),
 * engine (with pageEnd, wasmStart, wasmEnd and the paths fetched by then).
 */
export async function phone(browser, url, until) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Page.enable');
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: MARKS });
  await cdp.send('Page.navigate', { url });
  const deadline = Date.now() + 60_000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const v = await cdp.send('Runtime.evaluate', { expression: 'JSON.stringify(window.__huiminMarks || {})', returnByValue: true })
      .catch(() => null);
    const marks = v ? JSON.parse(v.result.value || '{}') : {};
    if (until(marks)) return { context, page, marks };
    if (Date.now() > deadline) throw new Error(`the page did not get there: ${JSON.stringify(marks)}`);
  }
}

/**
 * Presses 查看目前结果 and gives the milliseconds until the results are in the page (`dom`) and
 * until the frame that shows them has been drawn (`painted`).
 */
export function firstResult(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    const seen = new MutationObserver(() => {
      if (!document.querySelector('#hm-results')) return;
      seen.disconnect();
      const dom = performance.now() - t0;
      requestAnimationFrame(() => setTimeout(() => resolve({ dom, painted: performance.now() - t0 }), 0));
    });
    seen.observe(document.body, { childList: true, subtree: true });
    [...document.querySelectorAll('button')].find((b) => b.textContent === '查看目前结果').click();
  }));
}

/**
 * Opens saved answers (`doc`, a household document) from the start screen, as 打开保存的回答
 * does, once the engine is there; gives the milliseconds until the results are on the page and
 * until the what-if chart has followed (the results of a resident who has answered everything).
 * `chart` is null when the results have no chart: no what-if section, or none drawn within 5 s.
 */
export function savedResult(page, doc) {
  return page.evaluate((text) => new Promise((resolve) => {
    const input = document.querySelector('#hm-load');
    const files = new DataTransfer();
    files.items.add(new File([text], 'saved.json', { type: 'application/json' }));
    input.files = files.files;
    let results = 0;
    const t0 = performance.now();
    const done = (chart) => { seen.disconnect(); resolve({ results, chart }); };
    const seen = new MutationObserver(() => {
      if (results) {
        if (document.querySelector('.whatif svg')) done(performance.now() - t0);
        return;
      }
      if (!document.querySelector('#hm-results')) return;
      results = performance.now() - t0;
      if (document.querySelector('.whatif svg')) done(results);
      else if (!document.querySelector('.whatif')) done(null);
      else setTimeout(() => done(null), 5000);
    });
    seen.observe(document.body, { childList: true, subtree: true });
    input.dispatchEvent(new Event('change'));
  }), JSON.stringify(doc));
}
