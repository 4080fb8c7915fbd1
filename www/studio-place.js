// A new place from the template (step 2 of the rule studio): the office chooses its county,
// prefecture or province by GB/T 2260 code or name from every place (places.json), the engine
// writes `<code>/pack.toml` with its [pack] header and reloads the rules, and the place then
// inherits everything from the packs that contain it. The studio lists the standards it has no
// figure of its own for, and each is recorded with its source in step 3 (the same steps as any
// new figure). Data only here: the engine validates the code and name and writes the file.
import { h } from './dom.js';
import { t, pick, figure, punct } from './studio-text.js';
import { fetchPlaces } from './places.js';

let places = null;
let loading = null;

/** Every place by code: `{ code → { zh, full } }`, the full name with its province and prefecture. */
async function loadPlaces(ctx) {
  if (places || loading) return loading;
  loading = fetchPlaces().then((data) => {
    const names = new Map((data?.places || []).map(([c, n]) => [c, n]));
    places = new Map();
    for (const [code, zh] of names) {
      const province = `${code.slice(0, 2)}0000`;
      const city = `${code.slice(0, 4)}00`;
      const parts = [];
      if (province !== code && names.has(province)) parts.push(names.get(province));
      if (city !== code && city !== province && names.has(city)) parts.push(names.get(city));
      const lead = parts.join('');
      // Municipalities repeat their name at both levels (北京市 北京市): written once.
      places.set(code, { zh, full: lead.endsWith(zh) ? lead : `${lead}${zh}` });
    }
    ctx.render();
  });
  return loading;
}

/** The code typed or chosen: six digits at the start of the field, or a place named exactly. */
function codeOf(text) {
  const m = /^\s*(\d{6})/.exec(text || '');
  if (m) return m[1];
  const name = (text || '').trim();
  if (!name || !places) return '';
  for (const [code, p] of places) if (p.zh === name || p.full === name) return code;
  return '';
}

const FIELD_INPUT = { code: 'np-code', name: 'np-name', name_en: 'np-name-en' };

/** What a refusal means, by code ('' for a code without words of its own). */
function npText(lang, code) {
  const s = t(lang, `np_${code}`);
  return s.startsWith('np_') ? '' : s;
}

function note(st, field) {
  const errors = st.newPlace.errors.filter((e) => e.field === field);
  if (!errors.length) return null;
  return h('div', { id: `np-err-${field}`, class: 'field-note' },
    ...errors.map((e) => h('p', { class: 'field-error', 'data-code': e.code }, `${npText(st.lang, e.code)} `, h('span', { class: 'engine', lang: 'en' }, e.message))));
}

function field(st, name, label, control, hint) {
  const n = note(st, name);
  const described = [hint ? `${control.id}-hint` : '', n ? n.id : ''].filter(Boolean).join(' ');
  if (described) control.setAttribute('aria-describedby', described);
  if (n) control.setAttribute('aria-invalid', 'true');
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control,
    hint ? h('span', { id: `${control.id}-hint`, class: 'hint' }, hint) : null, n);
}

/** The form that adds a place; shown in step 2 once rules are open. */
export function newPlaceForm(ctx) {
  const { st } = ctx;
  const lang = st.lang;
  loadPlaces(ctx);
  const np = st.newPlace;
  const list = places
    ? h('datalist', { id: 'np-places' }, ...[...places].map(([code, p]) => h('option', { value: `${code} ${p.full}` })))
    : null;
  const code = h('input', { id: 'np-code', type: 'text', autocomplete: 'off', list: 'np-places', spellcheck: 'false',
    oninput: (e) => {
      const c = codeOf(e.target.value);
      const name = document.getElementById('np-name');
      const known = places?.get(c);
      if (known && name && (!name.value || name.dataset.auto === 'true')) {
        name.value = known.full;
        name.dataset.auto = 'true';
      }
      const found = document.getElementById('np-found');
      if (found) found.textContent = c ? (known ? t(lang, 'npFound', { code: c, name: known.full }) : t(lang, 'npNotListed', { code: c })) : '';
    } });
  const name = h('input', { id: 'np-name', type: 'text', autocomplete: 'off', oninput: (e) => { e.target.dataset.auto = 'false'; } });
  const nameEn = h('input', { id: 'np-name-en', type: 'text', autocomplete: 'off', lang: 'en' });
  const errors = np.errors.length
    ? h('div', { id: 'np-errors', class: 'error-summary', role: 'alert', tabindex: '-1' },
      h('p', { class: 'error' }, t(lang, 'npRefused')),
      h('ul', {}, ...np.errors.map((e) => h('li', {}, FIELD_INPUT[e.field]
        ? h('a', { href: `#${FIELD_INPUT[e.field]}` }, npText(lang, e.code) || e.message)
        : `${e.message}${e.file ? ` (${e.file}:${e.line})` : ''}`))))
    : null;
  return h('details', { class: 'new-place', id: 'new-place', open: np.open || np.errors.length > 0,
    ontoggle: (e) => { np.open = e.target.open; } },
  h('summary', { id: 'new-place-title' }, t(lang, 'npTitle')),
  h('form', { id: 'np-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); addPlace(ctx); } },
    h('p', {}, t(lang, 'npIntro')),
    errors,
    list,
    field(st, 'code', t(lang, 'npCode'), code, t(lang, 'npCodeHint')),
    h('p', { id: 'np-found', class: 'hint', 'aria-live': 'polite' }),
    field(st, 'name', t(lang, 'npName'), name),
    field(st, 'name_en', t(lang, 'npNameEn'), nameEn),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'np-submit', class: 'primary' }, t(lang, 'npSubmit')))));
}

async function addPlace(ctx) {
  const { st } = ctx;
  await loadPlaces(ctx);
  const typed = document.getElementById('np-code').value;
  const code = codeOf(typed) || typed.trim();
  const zh = document.getElementById('np-name').value.trim();
  const en = document.getElementById('np-name-en').value.trim();
  let out;
  try {
    out = st.studio.addPlace(code, zh, en, st.asOf);
  } catch (e) {
    out = { ok: false, errors: [{ field: '', code: e.code || 'error', message: e.message, file: '', line: 0 }] };
  }
  if (!out.ok) {
    st.newPlace.errors = out.errors;
    ctx.render();
    document.getElementById('np-errors')?.focus();
    return;
  }
  st.newPlace = { errors: [], open: false, created: code, path: out.path };
  st.overview = out.overview;
  st.place = code;
  st.record.param = '';
  st.bundle = null;
  ctx.render();
  const done = document.getElementById('template-list');
  done?.focus();
  done?.scrollIntoView({ block: 'start' });
}

/**
 * The standards a place has no figure of its own for: the numbers it inherits with no value in
 * force on the day looked at, then those whose value in force has no published source. Open
 * for a place just added; each one's button starts step 3 for it.
 */
export function templateList(ctx, p, startRecord) {
  const { st } = ctx;
  const lang = st.lang;
  const inForce = (x) => x.values.find((v) => v.in_force);
  const todo = p.parameters.filter((x) => !x.own && x.editable && !x.table_row && (!inForce(x) || inForce(x).unsourced));
  if (!todo.length || p.code === '000000') return null;
  todo.sort((a, b) => Number(Boolean(inForce(a))) - Number(Boolean(inForce(b))));
  const created = st.newPlace.created === p.code;
  const box = h('details', { class: 'template', open: created },
    h('summary', { id: 'template-list', tabindex: '-1' }, t(lang, 'templateTitle', { n: todo.length, place: pick(lang, p.name) || p.code })),
    created ? h('p', { class: 'ok' }, t(lang, 'npAdded', { path: st.newPlace.path })) : null,
    h('p', {}, t(lang, 'templateIntro')),
    h('ul', { class: 'todo' }, ...todo.map((x) => {
      const now = inForce(x);
      return h('li', { 'data-id': x.id },
        h('span', {}, pick(lang, x.description) || x.id, ' ', h('code', {}, x.id)), punct(lang).colon,
        h('span', { class: now ? 'hint' : 'warning' }, now ? t(lang, 'templateUnsourced', { v: figure(lang, now.published) }) : t(lang, 'templateNone')), ' ',
        h('button', { type: 'button', class: 'secondary', 'data-template': x.id, onclick: () => startRecord(x.id) }, t(lang, 'templateRecord')));
    })));
  return box;
}
