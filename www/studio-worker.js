// Runs the studio's impact comparison in WebAssembly off the page's main thread. Message in:
// {before, after: rule files, date, region, n, seed, lines? (JSON Lines), csv? (CSV text, as
// `huimin batch --csv` reads it)}; out: {ok: true, result} or
// {ok: false, error: {code, path, message}}. The population is generated here unless given.
import init, { compareRules, compareRulesCsv, synthPopulation } from './pkg-authoring/huimin.js';

const ready = init();

self.onmessage = async (event) => {
  const job = event.data;
  try {
    await ready;
    const lines = job.csv === undefined
      ? job.lines ?? synthPopulation(job.region, job.n, job.seed, Number(job.date.slice(0, 4)))
      : undefined;
    const started = performance.now();
    const result = lines === undefined
      ? compareRulesCsv(job.before, job.after, job.csv, job.date)
      : compareRules(job.before, job.after, lines, job.date);
    result.ms = performance.now() - started;
    self.postMessage({ ok: true, result });
  } catch (e) {
    self.postMessage({ ok: false, error: { code: e.code ?? 'error', path: e.path ?? '', message: String(e.message ?? e) } });
  }
};
