// The rule studio: opens rule files (built in, a folder from disk, or a bundle), shows each
// place's figures with their history and sources, the cases and checks, and hands the recording,
// impact and publishing steps their part of the page. All rule knowledge is in the engine
// (www/pkg-authoring); this module shows what it returns, setting every text with textContent.
import init, { Studio } from './pkg-authoring/huimin.js';
import { h, replace } from './dom.js';
import { t, pick, unitText, figure, outcomeText, punct } from './studio-text.js';
import { recordSection } from './studio-record.js';
import { impactSection } from './studio-impact.js';
import { publishSection } from './studio-publish.js';
import { newPlaceForm, templateList } from './studio-place.js';

const params = new URLSearchParams(window.location.search);
const root = document.getElementById('studio');

/** Today in Beijing time (UTC+8), where the rules apply. */
function today() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s || '');

/** The page's state; the sections read it and call `ctx.render()` after changing it. */
const st = {
  lang: params.get('lang') === 'en' ? 'en' : 'zh',
  asOf: isDate(params.get('asof')) ? params.get('asof') : today(),
  studio: null,
  opened: '',
  overview: null,
  place: '',
  busy: '',
  message: '',
  record: { param: '', result: null, errors: [], warnings: [], sourceMode: 'new' },
  impact: { result: null, status: '' },
  newPlace: { errors: [], open: false, created: '', path: '' },
  bundle: null,
};

const ctx = { st, render, recheck, placeData, setBusy };

function setBusy(text) {
  st.busy = text;
  const s = document.getElementById('status');
  if (s) s.textContent = text;
}

/** Lets the browser paint a status line before a long computation. */
const paint = () => new Promise((r) => { setTimeout(r, 20); });

/** Runs the engine over the files as they are now. */
async function recheck() {
  setBusy(t(st.lang, 'checking'));
  await paint();
  try {
    st.overview = st.studio.overview(st.asOf);
  } catch (e) {
    st.overview = null;
    st.message = t(st.lang, 'error', { m: e.message });
  }
  const codes = (st.overview?.places || []).map((p) => p.code);
  if (!codes.includes(st.place)) {
    st.place = codes.includes(params.get('place')) ? params.get('place') : (codes.find((c) => c !== '000000') || codes[0] || '');
  }
  st.busy = '';
  render();
}

async function open(make, what) {
  setBusy(t(st.lang, 'loading'));
  try {
    await init();
    st.studio = make();
    st.opened = what;
    st.message = '';
    st.record = { param: '', result: null, errors: [], warnings: [], sourceMode: 'new' };
    st.impact = { result: null, status: '' };
    st.newPlace = { errors: [], open: false, created: '', path: '' };
    st.bundle = null;
  } catch (e) {
    st.message = t(st.lang, 'error', { m: e.message });
    st.busy = '';
    render();
    return;
  }
  await recheck();
  // Say what was opened and how the cases came out, where the keyboard is.
  const opened = document.getElementById('opened');
  opened?.focus();
  opened?.scrollIntoView({ block: 'start' });
}

const RULE_PATH = /^(\d{6}\/[^/]+\.toml|regions\.toml|calendar\.toml|registries\.toml)$/;

/**
 * The rule files of a chosen folder, by path under the rules directory: the folder's own name is
 * dropped (and `rules/` after it, when the repository's root was chosen); other files are left.
 */
async function folderFiles(list) {
  const entries = [...list].map((f) => [(f.webkitRelativePath || f.name).split('/'), f]);
  const under = (parts, n) => parts.slice(n).join('/');
  let strip = 1;
  if (!entries.some(([p]) => RULE_PATH.test(under(p, 1)))
    && entries.some(([p]) => p[1] === 'rules' && RULE_PATH.test(under(p, 2)))) strip = 2;
  const files = {};
  for (const [parts, f] of entries) {
    const path = under(parts, strip);
    if (RULE_PATH.test(path)) files[path] = await f.text();
  }
  return files;
}

async function openFolder(event) {
  const list = event.target.files;
  if (!list?.length) return;
  const files = await folderFiles(list);
  const name = (list[0].webkitRelativePath || '').split('/')[0] || '';
  event.target.value = '';
  if (!Object.keys(files).length) {
    st.message = t(st.lang, 'noToml');
    render();
    return;
  }
  await open(() => Studio.fromFiles(files), t(st.lang, 'folder', { name }));
}

async function openBundle(event) {
  const file = event.target.files?.[0];
  if (!file) return;
  const text = await file.text();
  event.target.value = '';
  await open(() => Studio.fromBundle(text), t(st.lang, 'bundleFile', { name: file.name }));
}

/** The overview's entry for the chosen place. */
function placeData() {
  return st.overview?.places.find((p) => p.code === st.place);
}

function placeLabel(p) {
  return `${pick(st.lang, p.name) || p.code} ${p.code}`;
}

// ---- the page ----------------------------------------------------------------------------

function toolbar() {
  const lang = (code, label) => h('button', {
    type: 'button', class: 'secondary', lang: code === 'en' ? 'en' : 'zh-CN', 'aria-pressed': String(st.lang === code),
    onclick: () => { st.lang = code; render(); },
  }, label);
  return h('div', { class: 'toolbar' },
    h('div', { class: 'langs', role: 'group', 'aria-label': t(st.lang, 'language') }, lang('zh', '中文'), lang('en', 'English')),
    h('nav', { 'aria-label': t(st.lang, 'steps'), class: 'steps' },
      h('ol', {}, ...['open', 'place', 'record', 'impact', 'publish'].map((id, i) => h('li', {},
        h('a', { href: `#${id}-title` }, t(st.lang, `step${i + 1}`)))))));
}

function openSection() {
  const count = st.studio ? Object.keys(st.studio.openedFiles()).length : 0;
  return h('section', { class: 'step', 'aria-labelledby': 'open-title' },
    h('h2', { id: 'open-title', tabindex: '-1' }, t(st.lang, 'openTitle')),
    h('p', {}, t(st.lang, 'intro')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'open-builtin', class: 'primary', onclick: () => open(() => new Studio(), t(st.lang, 'builtin')) }, t(st.lang, 'openBuiltin')),
      h('label', { class: 'button secondary file-button' }, t(st.lang, 'openFolder'),
        h('input', { type: 'file', id: 'open-folder', class: 'file-input', webkitdirectory: true, multiple: true, onchange: openFolder })),
      h('label', { class: 'button secondary file-button' }, t(st.lang, 'openBundle'),
        h('input', { type: 'file', id: 'open-bundle', class: 'file-input', accept: '.json,application/json', onchange: openBundle }))),
    h('p', { class: 'hint' }, t(st.lang, 'openHint')),
    h('div', { class: 'field' },
      h('label', { for: 'as-of' }, t(st.lang, 'asOf')),
      h('input', { type: 'date', id: 'as-of', value: st.asOf, 'aria-describedby': 'as-of-hint',
        onchange: (e) => { if (isDate(e.target.value)) { st.asOf = e.target.value; if (st.studio) recheck(); } } }),
      h('span', { id: 'as-of-hint', class: 'hint' }, t(st.lang, 'asOfHint'))),
    h('p', { id: 'status', role: 'status', 'aria-live': 'polite' }, st.busy),
    st.message ? h('p', { class: 'error', role: 'alert' }, st.message) : null,
    st.studio ? h('div', { id: 'opened', tabindex: '-1' },
      h('p', { class: 'opened' }, t(st.lang, 'opened', { what: st.opened, n: count })),
      summaryLine()) : null,
    loadErrors());
}

function summaryLine() {
  const o = st.overview;
  if (!o?.ok) return null;
  const pass = o.cases.filter((c) => c.passed).length;
  return h('p', { id: 'summary', class: pass === o.cases.length ? 'ok' : 'warning' },
    t(st.lang, 'summary', { places: o.places.length, pass, cases: o.cases.length, lint: o.lint.length }));
}

function loadErrors() {
  const o = st.overview;
  if (!o || o.ok) return null;
  return h('div', { class: 'load-errors', role: 'alert' },
    h('p', { class: 'error' }, t(st.lang, 'loadErrors')),
    h('ul', {}, ...o.errors.map((e) => h('li', {}, h('code', {}, `${e.file}:${e.line}:${e.column}`), ' ', h('span', { lang: 'en' }, `${e.message} [${e.code}]`)))));
}

function placeSection() {
  const o = st.overview;
  const section = h('section', { class: 'step', 'aria-labelledby': 'place-title' },
    h('h2', { id: 'place-title', tabindex: '-1' }, t(st.lang, 'placeTitle')));
  if (!o?.ok) return section;
  const select = h('select', { id: 'place', 'data-fresh': 'true', onchange: (e) => { st.place = e.target.value; st.record.param = ''; render(); } },
    ...o.places.map((p) => h('option', { value: p.code, selected: p.code === st.place }, placeLabel(p))));
  section.append(h('div', { class: 'field' }, h('label', { for: 'place' }, t(st.lang, 'place')), select),
    newPlaceForm(ctx));
  const p = placeData();
  if (p) section.append(placeView(p));
  return section;
}

function placeView(p) {
  const names = Object.fromEntries(st.overview.places.map((x) => [x.code, pick(st.lang, x.name) || x.code]));
  const own = p.parameters.filter((x) => x.own);
  const inherited = p.parameters.filter((x) => !x.own);
  const stale = p.parameters.filter((x) => x.stale);
  const cases = st.overview.cases.filter((c) => c.pack === p.code);
  const pass = cases.filter((c) => c.passed).length;
  const outer = st.overview.cases.filter((c) => c.pack !== p.code && p.packs.includes(c.pack));
  const outerPass = outer.filter((c) => c.passed).length;
  return h('div', { id: 'place-view' },
    h('p', {}, t(st.lang, 'packs'), ' ', p.packs.map((c) => `${names[c] || c} ${c}`).join(' → ')),
    h('p', {}, t(st.lang, 'files'), ' ', ...p.files.map((f, i) => [i ? punct(st.lang).list : '', h('code', {}, f)])),
    stale.length ? h('p', { class: 'stale-summary' }, t(st.lang, 'staleCount', { n: stale.length })) : null,
    templateList(ctx, p, startRecord),
    h('h3', {}, t(st.lang, 'ownParams', { n: own.length })),
    own.length ? h('ul', { class: 'params' }, ...own.map(paramCard)) : h('p', { class: 'hint' }, t(st.lang, 'noOwnParams')),
    h('details', { class: 'inherited' },
      h('summary', {}, t(st.lang, 'inherited', { n: inherited.length })),
      h('ul', { class: 'params' }, ...inherited.map(paramCard))),
    unsourcedList(p),
    h('details', { class: 'case-list', open: pass < cases.length },
      h('summary', { id: 'cases-title', class: pass < cases.length ? 'warning' : undefined }, t(st.lang, 'casesTitle', { pass, n: cases.length })),
      cases.length ? h('ul', { class: 'cases' }, ...cases.map(caseItem)) : h('p', {}, t(st.lang, 'noCases'))),
    outer.length ? h('details', { class: 'case-list outer-cases' },
      h('summary', { class: outerPass < outer.length ? 'warning' : undefined }, t(st.lang, 'outerCases', { pass: outerPass, n: outer.length })),
      h('p', { class: 'hint' }, t(st.lang, 'outerCasesHint')),
      h('ul', { class: 'cases' }, ...outer.map(caseItem))) : null,
    checks(p));
}

function paramCard(p) {
  const title = pick(st.lang, p.description) || p.id;
  return h('li', { class: `param${p.stale ? ' stale' : ''}`, 'data-id': p.id },
    h('h4', {}, title, ' ', h('code', {}, p.id)),
    h('p', { class: 'meta' }, t(st.lang, 'unitIs', { u: unitText(st.lang, p.unit) }),
      p.stale ? [' · ', h('strong', { class: 'badge stale' }, t(st.lang, 'stale'))] : null),
    p.values.length
      ? h('ol', { class: 'history' }, ...p.values.map((v) => valueItem(p, v)))
      : h('p', { class: 'hint' }, t(st.lang, 'noValue')),
    p.table_row && p.editable ? h('p', { class: 'hint' }, t(st.lang, 'tableRow')) : null,
    p.editable
      ? h('button', { type: 'button', class: 'secondary', 'data-record': p.id, onclick: () => startRecord(p.id) }, t(st.lang, p.table_row ? 'recordRow' : 'recordThis'))
      : null);
}

function valueItem(p, v) {
  const publishedUnit = /\s([a-z_]+)$/.exec(v.published)?.[1];
  const converted = publishedUnit && publishedUnit !== p.unit && v.value !== null
    ? ` = ${v.value} ${unitText(st.lang, p.unit)}` : '';
  const src = v.source;
  const cite = src
    ? [h('p', { class: 'cite' }, t(st.lang, 'sourceLine', { title: src.title }),
      `${punct(st.lang).open}${[src.publisher, src.doc_number, src.date].filter(Boolean).join(punct(st.lang).comma)}${punct(st.lang).close}`,
      v.article ? h('span', { class: 'article' }, ' ', t(st.lang, 'article', { a: v.article })) : null),
    src.url ? h('p', { class: 'cite' }, h('a', { href: src.url, rel: 'noopener noreferrer', target: '_blank' }, src.url)) : null]
    : null;
  return h('li', { class: `value${v.in_force ? ' in-force' : ''}${v.stale ? ' stale' : ''}`, 'data-from': v.from },
    h('p', { class: 'when' },
      h('strong', {}, t(st.lang, 'from', { d: v.from })), v.until ? ` ${t(st.lang, 'until', { d: v.until })}` : '',
      punct(st.lang).colon, h('span', { class: 'figure' }, figure(st.lang, v.published)), converted,
      v.in_force ? [' ', h('span', { class: 'badge' }, t(st.lang, 'inForce'))] : null,
      v.stale ? [' ', h('span', { class: 'badge stale' }, t(st.lang, 'stale'))] : null),
    v.stale
      ? h('p', { class: 'stale-note' }, t(st.lang, 'staleNote', { d: v.known_until, later: t(st.lang, `later_${p.later}`) }))
      : h('p', { class: 'hint' }, t(st.lang, 'knownUntil', { d: v.known_until })),
    v.assumed ? h('p', { class: 'assumed' }, t(st.lang, 'assumed', { why: v.assumed })) : null,
    cite,
    v.unsourced ? h('p', { class: 'unsourced' }, t(st.lang, 'unsourcedValue', { why: v.unsourced })) : null,
    h('p', { class: 'file' }, h('code', {}, `${v.file}:${v.line}`)));
}

function unsourcedList(p) {
  if (!p.unsourced.length) return null;
  return h('details', { class: 'unsourced-list' },
    h('summary', {}, t(st.lang, 'unsourcedTitle', { n: p.unsourced.length })),
    h('ul', {}, ...p.unsourced.map((u) => h('li', {},
      h('code', {}, u.parameter), ` ${t(st.lang, 'from', { d: u.from })}${punct(st.lang).colon}${figure(st.lang, u.published)} — ${u.note} `,
      h('code', {}, `${u.file}:${u.line}`)))));
}

function caseItem(c) {
  return h('li', { class: `case ${c.passed ? 'pass' : 'fail'}` },
    h('span', { class: 'mark' }, c.passed ? `✓ ${t(st.lang, 'casePass')}` : `✗ ${t(st.lang, 'caseFail')}`), ' ',
    h('span', { class: 'name' }, c.name), ' ',
    h('span', { class: 'hint' }, `${c.date} · `, h('code', {}, `${c.file}:${c.line}`)),
    h('p', { class: 'outcomes' }, c.outcomes.map(outcomeText).join(punct(st.lang).semi)),
    c.message ? h('p', { class: 'error', lang: 'en' }, c.message) : null);
}

/** The place's block of a per-region text report (blocks start with "<code> (" lines). */
function regionBlock(text, code) {
  const out = [];
  let on = false;
  for (const line of text.split('\n')) {
    if (/^\s{0,2}\d{6}[ :(]/.test(line)) on = line.trim().startsWith(code);
    if (on) out.push(line);
  }
  return out.join('\n');
}

function checks(p) {
  const lint = st.overview.lint.filter((l) => l.file.startsWith(`${p.code}/`) || l.message.includes(`(region ${p.code})`));
  return h('details', { class: 'checks' },
    h('summary', {}, t(st.lang, 'coverageTitle')),
    lint.length
      ? h('ul', { class: 'lint' }, ...lint.map((l) => h('li', { lang: 'en' }, l.file ? [h('code', {}, `${l.file}:${l.line}`), ' '] : null, `${l.message} [${l.code}]`)))
      : h('p', {}, t(st.lang, 'lintNone')),
    h('pre', { class: 'report', lang: 'en', tabindex: '0' }, regionBlock(st.overview.coverage, p.code)),
    h('pre', { class: 'report', lang: 'en', tabindex: '0' }, regionBlock(st.overview.figures, p.code)));
}

function startRecord(id) {
  st.record.param = id;
  st.record.unit = '';
  st.record.errors = [];
  render();
  const value = document.getElementById('r-value');
  document.getElementById('record-title')?.scrollIntoView();
  value?.focus();
}

// ---- rendering, keeping what was typed and where the focus was ------------------------------

function render() {
  document.documentElement.lang = st.lang === 'en' ? 'en' : 'zh-CN';
  document.title = `惠民自测 · ${t(st.lang, 'title')}`;
  const title = document.getElementById('title');
  if (title) title.textContent = t(st.lang, 'title');
  const kept = new Map();
  for (const el of root.querySelectorAll('input[id], select[id], textarea[id]')) {
    if (el.type === 'file') continue;
    kept.set(el.id, el.type === 'radio' || el.type === 'checkbox' ? el.checked : el.value);
  }
  const focused = document.activeElement?.id;
  replace(root, toolbar(), openSection(), placeSection(), recordSection(ctx), impactSection(ctx), publishSection(ctx));
  for (const [id, v] of kept) {
    const el = document.getElementById(id);
    if (!el || el.dataset.fresh === 'true' || id === 'as-of') continue;
    if (el.type === 'radio' || el.type === 'checkbox') el.checked = v;
    else if (el.tagName !== 'SELECT' || [...el.options].some((o) => o.value === v)) el.value = v;
  }
  if (focused) document.getElementById(focused)?.focus();
}

render();
if (params.get('open') === 'builtin') open(() => new Studio(), t(st.lang, 'builtin'));
// Offline after a visit: the site's service worker keeps a copy of the files it serves.
// Offline after this visit: the service worker keeps a copy of the site's own files; the studio
// adds its files (and its larger engine) to that copy from here, so the self-check's visitors
// never download them. Nothing of an office's work is stored: only the site's files.
const STUDIO_FILES = [
  'studio.html', 'studio.css', 'studio.js', 'studio-text.js', 'studio-record.js', 'studio-impact.js',
  'studio-publish.js', 'studio-place.js', 'studio-worker.js', 'dom.js', 'places.js', 'places.json',
  'pkg-authoring/huimin.js', 'pkg-authoring/huimin_bg.wasm',
];
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then(async () => {
      const cache = await caches.open('huimin-v1');
      await Promise.all(STUDIO_FILES.map((f) => cache.add(f).catch(() => {})));
    })
    .catch(() => {});
}
