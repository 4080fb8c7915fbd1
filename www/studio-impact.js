// Step 4 of the rule studio: the rules as opened and as changed, compared over the same
// households on the same day in a Web Worker (studio-worker.js), shown as the policy page shows
// a comparison: per program the households brought in and taken out and the cost per month and
// per year.
import { h } from './dom.js';
import { t, pick } from './studio-text.js';

let worker;

/**
 * A file's text as an office saved it: UTF-8 (a byte-order mark dropped) or, when it is not
 * valid UTF-8, GB18030 (GBK), as Excel on a Chinese Windows writes it; `bad` when even GB18030
 * left characters it could not read.
 */
async function readText(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8', bad: false };
  } catch {
    const text = new TextDecoder('gb18030').decode(bytes);
    return { text, encoding: 'GB18030 (GBK)', bad: text.includes('\uFFFD') };
  }
}

/** CSV rather than JSON Lines: named .csv, or a first line that is not a JSON object. */
function isCsv(name, text) {
  if (/\.csv$/i.test(name)) return true;
  const first = text.replace(/^\uFEFF/, '').split('\n', 1)[0].trim();
  return first !== '' && !first.startsWith('{');
}

export function impactSection(ctx) {
  const { st } = ctx;
  const lang = st.lang;
  const section = h('section', { class: 'step', 'aria-labelledby': 'impact-title' },
    h('h2', { id: 'impact-title', tabindex: '-1' }, t(lang, 'impactTitle')),
    h('p', {}, t(lang, 'impactIntro')));
  if (!st.overview?.ok) return section;
  const date = st.record.lastFrom || st.asOf;
  const form = h('form', { id: 'impact', novalidate: true, onsubmit: (e) => { e.preventDefault(); run(ctx); } },
    h('div', { class: 'field' }, h('label', { for: 'i-date' }, t(lang, 'impactDate')),
      h('input', { id: 'i-date', type: 'date', value: date, 'aria-describedby': 'i-date-hint', 'data-fresh': st.impact.dateFor !== date ? 'true' : undefined }),
      h('span', { id: 'i-date-hint', class: 'hint' }, t(lang, 'impactDateHint'))),
    h('div', { class: 'field' }, h('label', { for: 'i-n' }, t(lang, 'households')),
      h('input', { id: 'i-n', type: 'number', min: '1', max: '200000', value: '2000', inputmode: 'numeric' })),
    h('div', { class: 'field' }, h('label', { for: 'i-seed' }, t(lang, 'seed')),
      h('input', { id: 'i-seed', type: 'number', min: '0', value: '1', inputmode: 'numeric' })),
    h('div', { class: 'field' }, h('label', { for: 'i-file' }, t(lang, 'upload')),
      h('input', { id: 'i-file', type: 'file', accept: '.jsonl,.json,.txt,.csv,text/csv' })),
    h('p', { class: 'hint' }, t(lang, 'synthNote')),
    h('button', { type: 'submit', id: 'i-run', class: 'primary', disabled: !!st.impact.running }, t(lang, 'run')));
  st.impact.dateFor = date;
  section.append(form,
    h('p', { id: 'i-status', role: 'status', 'aria-live': 'polite' }, st.impact.status || ''),
    h('div', { id: 'i-result' }, st.impact.result ? table(ctx, st.impact.result) : null));
  return section;
}

async function run(ctx) {
  const { st } = ctx;
  const value = (id) => document.getElementById(id).value.trim();
  if (!st.studio.changeCount) {
    st.impact.status = t(st.lang, 'noChanges');
    ctx.render();
    return;
  }
  const file = document.getElementById('i-file').files[0];
  const read = file ? await readText(file) : null;
  if (read?.bad) {
    st.impact.status = t(st.lang, 'notText', { name: file.name });
    st.impact.result = null;
    ctx.render();
    return;
  }
  const csv = read ? isCsv(file.name, read.text) : false;
  const job = {
    before: st.studio.openedFiles(),
    after: st.studio.files(),
    date: value('i-date'),
    region: st.place,
    n: Math.max(1, Math.min(200000, Number(value('i-n')) || 2000)),
    seed: Math.max(0, Number(value('i-seed')) || 0),
    lines: read && !csv ? read.text : undefined,
    csv: read && csv ? read.text : undefined,
  };
  const readNote = read ? t(st.lang, 'readAs', { name: file.name, format: csv ? 'CSV' : 'JSON Lines', enc: read.encoding }) : '';
  worker ??= new Worker(new URL('./studio-worker.js', import.meta.url), { type: 'module' });
  st.impact.running = true;
  st.impact.status = t(st.lang, 'computing');
  ctx.render();
  worker.onmessage = (event) => {
    const m = event.data;
    st.impact.running = false;
    if (m.ok) {
      st.impact.status = `${readNote}${t(st.lang, 'done')}`;
      st.impact.result = { ...m.result, region: job.region, date: job.date, n: read ? undefined : job.n };
    } else {
      st.impact.status = `${readNote}${t(st.lang, 'error', { m: `${m.error.message}${m.error.path ? ` (${m.error.path})` : ''}` })}`;
      st.impact.result = null;
    }
    ctx.render();
    document.getElementById('i-status')?.focus?.();
  };
  worker.postMessage(job);
}

function table(ctx, result) {
  const { st } = ctx;
  const lang = st.lang;
  const place = st.overview.places.find((p) => p.code === result.region);
  const names = Object.fromEntries((place?.programs || []).map((p) => [p.id, pick(lang, p.name)]));
  const labels = ['colProgram', 'colBefore', 'colAfter', 'colIn', 'colOut', 'colUp', 'colDown', 'colMonth', 'colYear'].map((k) => t(lang, k));
  const rows = [];
  for (const [id, c] of Object.entries(result.programs)) {
    if (c.baseline.eligible === 0 && c.reform.eligible === 0) continue;
    // A program granted with no amount on either side has no cost the rules can state.
    const noAmount = [c.baseline.monthly, c.reform.monthly, c.baseline.annual, c.reform.annual].every((v) => Number(v) === 0);
    const cost = (v) => (noAmount ? t(lang, 'amountNotSet') : v);
    const cells = [names[id] || id, c.baseline.eligible, c.reform.eligible, c.newly_eligible, c.newly_ineligible,
      c.increased, c.decreased, cost(c.cost_monthly), cost(c.cost_annual)];
    rows.push(h('tr', { 'data-program': id, class: c.newly_eligible || c.newly_ineligible || c.increased || c.decreased ? 'moved' : undefined },
      ...cells.map((v, i) => h(i ? 'td' : 'th', i ? { 'data-label': labels[i] } : { scope: 'row' }, String(v)))));
  }
  const regionName = place ? pick(lang, place.name) || place.code : result.region;
  const out = [h('table', { class: 'comparison' },
    h('caption', {}, t(lang, 'caption', { n: result.households, region: regionName, d: result.date, bad: result.malformed, ms: result.ms.toFixed(0) })),
    h('thead', {}, h('tr', {}, ...labels.map((l) => h('th', { scope: 'col' }, l)))),
    h('tbody', {}, ...rows))];
  for (const e of result.errors) out.push(h('p', { class: 'error' }, `${t(lang, 'line', { n: e.line })}: ${e.message}`));
  return out;
}
