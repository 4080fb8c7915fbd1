// Runs a reform comparison in WebAssembly off the page's main thread, so the page stays
// responsive. Messages in: {region, baseline: {date, set}, reform: {date, set}, n, seed, lines?};
// out: {ok: true, result} or {ok: false, error: {code, path, message}}.
import init, { Engine, synthPopulation } from './pkg-authoring/huimin.js';

const ready = init().then(() => new Engine());

self.onmessage = async (event) => {
  const job = event.data;
  try {
    const engine = await ready;
    const year = Number(job.baseline.date.slice(0, 4));
    const lines = job.lines ?? synthPopulation(job.region, job.n, job.seed, year);
    const started = performance.now();
    const result = engine.compare(lines, job.baseline, job.reform);
    result.ms = performance.now() - started;
    self.postMessage({ ok: true, result });
  } catch (e) {
    self.postMessage({ ok: false, error: { code: e.code ?? 'error', path: e.path ?? '', message: String(e.message ?? e) } });
  }
};
