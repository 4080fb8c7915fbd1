// Step 3 of the rule studio: recording a new dated figure as guided steps (which figure, the new
// value with its unit and dates, its source). The engine writes it into the rule file, reruns
// every case and check, and refuses what `huimin check` refuses, naming the field; this module
// shows the form, the refusals by field, and which case results changed.
import { h } from './dom.js';
import { t, pick, unitText, figure, outcomeText, punct, UNIT_CHOICES } from './studio-text.js';

/** What each refusal means, by code, in both languages (the engine's own words follow). */
const CODE_TEXT = {
  unit_mismatch: ['单位不对：这个数值无法准确换算为本参数的单位。', 'Wrong unit: the figure cannot be converted exactly to this parameter’s unit.'],
  duplicate: ['日期重叠：这一天已经有一个数值开始生效。', 'Overlapping date: another value already takes effect on this day.'],
  bad_date: ['日期不对，或与已有数值的有效期重叠。', 'Not a valid date, or it overlaps another value’s period.'],
  missing_citation: ['缺少依据：请选择已收录的文件，或填写新文件。', 'Missing source: choose a document on file or enter a new one.'],
  missing_key: ['这一项必须填写。', 'This is required.'],
  unknown_reference: ['找不到这一项（来源或参数）。', 'Not found (source or parameter).'],
  bad_number: ['请填写数字，例如 450 或 37.5。', 'Enter a number such as 450 or 37.5.'],
  bad_region: ['请在第 2 步选择地区。', 'Choose a place in step 2.'],
  bad_value: ['格式不对。', 'Not in the right form.'],
  cannot_edit: ['此参数的写法无法自动修改，请直接编辑文件。', 'This parameter is written in a way the studio cannot edit; edit the file by hand.'],
  looks_monthly: ['这个数约为原标准的十二分之一：是否把月标准填成了年标准的单位？', 'About a twelfth of the figure before: a monthly figure in a yearly unit?'],
  looks_yearly: ['这个数约为原标准的 12 倍：是否把年标准填成了月标准的单位？', 'About twelve times the figure before: a yearly figure in a monthly unit?'],
  cut: ['新数值低于原标准，这会降低标准。', 'The new figure is lower than the one before: this cuts the standard.'],
};

/** The label of each field of the form, as the summary of refusals names it. */
const FIELD_LABEL = {
  place: 'place', parameter: 'parameter', value: 'value', unit: 'unit', from: 'effective',
  known_until: 'knownUntilField', assumed: 'assumedField', source: 'sourceLabel', article: 'articleField',
  'source.title': 'titleField', 'source.publisher': 'publisher', 'source.doc_number': 'docNumber',
  'source.date': 'sourceDate', 'source.url': 'url',
};

/** The form control each field of a refusal is about. */
const FIELD_INPUT = {
  place: 'place', parameter: 'r-parameter', value: 'r-value', unit: 'r-unit', from: 'r-from',
  known_until: 'r-known-until', assumed: 'r-assumed', source: 'r-src-new', article: 'r-article',
  'source.title': 'r-title', 'source.publisher': 'r-publisher', 'source.doc_number': 'r-doc-number',
  'source.date': 'r-source-date', 'source.url': 'r-url',
};

function explain(lang, e) {
  const pair = CODE_TEXT[e.code];
  return pair ? pair[lang === 'en' ? 1 : 0] : '';
}

/** The engine's own words (as `huimin check` prints them), after the explanation. */
function engineWords(e) {
  return h('span', { class: 'engine', lang: 'en' }, e.message);
}

/** The refusals and warnings about one field, under it. */
function fieldNote(st, field) {
  const lang = st.lang;
  const errors = st.record.errors.filter((e) => e.field === field);
  const warnings = st.record.warnings.filter((e) => e.field === field);
  if (!errors.length && !warnings.length) return null;
  return h('div', { id: `err-${field.replace('.', '-')}`, class: 'field-note', 'data-field': field },
    ...errors.map((e) => h('p', { class: 'field-error', 'data-code': e.code }, `${explain(lang, e)} `, engineWords(e))),
    ...warnings.map((e) => h('p', { class: 'field-warning', 'data-code': e.code }, `${t(lang, 'warning')}${explain(lang, e)} `, engineWords(e))));
}

/** A labelled control with its refusals; `attrs.id` names it. */
function field(st, name, label, control) {
  const note = fieldNote(st, name);
  if (note) {
    control.setAttribute('aria-describedby', note.id);
    if (st.record.errors.some((e) => e.field === name)) control.setAttribute('aria-invalid', 'true');
  }
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, note);
}

function paramLabel(st, p) {
  const now = p.values.find((v) => v.in_force) || p.values[p.values.length - 1];
  const current = now ? ` — ${figure(st.lang, now.published)}` : '';
  return `${pick(st.lang, p.description) || p.id} (${p.id})${current}`;
}

function currentNote(st, p) {
  if (!p) return '';
  const now = p.values.find((v) => v.in_force) || p.values[p.values.length - 1];
  const unit = t(st.lang, 'unitIs', { u: unitText(st.lang, p.unit) });
  const text = now ? `${t(st.lang, 'current', { v: figure(st.lang, now.published), d: now.from })}${punct(st.lang).semi}${unit}` : unit;
  return p.table_row ? `${text}${punct(st.lang).semi}${t(st.lang, 'tableRow')}` : text;
}

export function recordSection(ctx) {
  const { st } = ctx;
  const lang = st.lang;
  const section = h('section', { class: 'step', 'aria-labelledby': 'record-title' },
    h('h2', { id: 'record-title', tabindex: '-1' }, t(lang, 'recordTitle')));
  const place = ctx.placeData();
  if (!st.overview?.ok || !place) return section;
  const editable = place.parameters.filter((p) => p.editable);
  const param = editable.find((p) => p.id === st.record.param);
  const r = st.record;
  if (param && !r.unit) r.unit = param.unit;

  const paramSelect = h('select', {
    id: 'r-parameter', 'data-fresh': 'true',
    onchange: (e) => {
      r.param = e.target.value;
      const p = editable.find((x) => x.id === r.param);
      r.unit = p?.unit || '';
      document.getElementById('r-unit').value = r.unit;
      document.getElementById('r-current').textContent = currentNote(st, p);
    },
  }, h('option', { value: '' }, t(lang, 'choose')),
  ...editable.map((p) => h('option', { value: p.id, selected: p.id === r.param }, paramLabel(st, p))));

  const unitSelect = h('select', { id: 'r-unit', 'data-fresh': 'true', onchange: (e) => { r.unit = e.target.value; } },
    ...UNIT_CHOICES.map((u) => h('option', { value: u, selected: u === r.unit }, `${unitText(lang, u)} (${u})`)));
  const input = (id, attrs = {}) => h('input', { id, type: 'text', autocomplete: 'off', ...attrs });
  const value = input('r-value', { inputmode: 'decimal', ...(r.clearValue ? { value: '', 'data-fresh': 'true' } : {}) });
  r.clearValue = false;

  const mode = (id, which, label) => h('label', { class: 'choice-inline', for: id },
    h('input', { type: 'radio', name: 'r-src', id, value: which, checked: r.sourceMode === which, 'data-fresh': 'true',
      onchange: () => { r.sourceMode = which; ctx.render(); document.getElementById(id)?.focus(); } }), label);
  const existing = h('select', { id: 'r-source-existing', 'data-fresh': 'true', onchange: (e) => { r.existing = e.target.value; } },
    h('option', { value: '' }, t(lang, 'choose')),
    ...place.sources.map((s) => h('option', { value: s.id, selected: s.id === r.existing }, `${s.title}${punct(lang).open}${s.publisher}${punct(lang).comma}${s.date}${punct(lang).close}`)));
  const sourceNote = fieldNote(st, 'source');
  const newMode = r.sourceMode !== 'existing';

  const form = h('form', { id: 'record', novalidate: true, onsubmit: (e) => { e.preventDefault(); submit(ctx); } },
    errorSummary(st),
    h('p', {}, t(lang, 'recordIntro')),
    h('fieldset', {},
      h('legend', {}, t(lang, 'stepParam')),
      h('p', {}, `${t(lang, 'place')}${punct(lang).colon}${pick(lang, place.name) || place.code} ${place.code}`),
      field(st, 'parameter', t(lang, 'parameter'), paramSelect),
      h('p', { id: 'r-current', class: 'hint' }, currentNote(st, param))),
    h('fieldset', {},
      h('legend', {}, t(lang, 'stepValue')),
      field(st, 'value', t(lang, 'value'), value),
      field(st, 'unit', t(lang, 'unit'), unitSelect),
      field(st, 'from', t(lang, 'effective'), input('r-from', { type: 'date' })),
      field(st, 'known_until', t(lang, 'knownUntilField'), input('r-known-until', { type: 'date' })),
      field(st, 'assumed', t(lang, 'assumedField'), input('r-assumed'))),
    h('fieldset', { 'aria-describedby': sourceNote ? sourceNote.id : undefined },
      h('legend', {}, t(lang, 'stepSource')),
      h('div', { class: 'source-mode', role: 'radiogroup', 'aria-label': t(lang, 'stepSource') },
        mode('r-src-new', 'new', t(lang, 'sourceNew')), mode('r-src-existing', 'existing', t(lang, 'sourceExisting'))),
      sourceNote,
      newMode ? [
        field(st, 'source.title', t(lang, 'titleField'), input('r-title')),
        field(st, 'source.publisher', t(lang, 'publisher'), input('r-publisher')),
        field(st, 'source.doc_number', t(lang, 'docNumber'), input('r-doc-number')),
        field(st, 'source.date', t(lang, 'sourceDate'), input('r-source-date', { type: 'date' })),
        field(st, 'source.url', t(lang, 'url'), input('r-url', { type: 'url', inputmode: 'url' })),
      ] : field(st, 'source', t(lang, 'sourceChoose'), existing),
      field(st, 'article', t(lang, 'articleField'), input('r-article'))),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'r-submit', class: 'primary' }, t(lang, 'submit')),
      st.studio?.changeCount ? h('button', { type: 'button', id: 'r-undo', class: 'secondary', onclick: () => undo(ctx) }, t(lang, 'undo')) : null));
  section.append(form, resultView(ctx));
  return section;
}

function errorSummary(st) {
  const errors = st.record.errors;
  if (!errors.length) return null;
  return h('div', { id: 'record-errors', class: 'error-summary', role: 'alert', tabindex: '-1' },
    h('p', { class: 'error' }, t(st.lang, 'refused', { n: errors.length })),
    h('ul', {}, ...errors.map((e) => {
      const target = FIELD_INPUT[e.field];
      const label = FIELD_LABEL[e.field] ? `${t(st.lang, FIELD_LABEL[e.field]).replace(/[（(].*$/, '').trim()}${punct(st.lang).colon}` : '';
      const text = `${label}${explain(st.lang, e) || e.message}`;
      return h('li', { 'data-field': e.field },
        target ? h('a', { href: `#${target}` }, text) : text, ' ', engineWords(e),
        e.file && !target ? [' ', h('code', {}, `${e.file}:${e.line}`)] : null);
    })));
}

function value(id) {
  return document.getElementById(id)?.value?.trim() ?? '';
}

function submit(ctx) {
  const { st } = ctx;
  const r = st.record;
  const newMode = r.sourceMode !== 'existing';
  const change = {
    place: st.place,
    parameter: r.param,
    value: value('r-value'),
    unit: r.unit || value('r-unit'),
    from: value('r-from'),
    known_until: value('r-known-until'),
    assumed: value('r-assumed'),
    article: value('r-article'),
    source: newMode
      ? { title: value('r-title'), publisher: value('r-publisher'), doc_number: value('r-doc-number'), date: value('r-source-date'), url: value('r-url') }
      : { existing: r.existing || value('r-source-existing') },
  };
  let out;
  try {
    out = st.studio.record(change, st.asOf);
  } catch (e) {
    out = { ok: false, errors: [{ field: '', code: e.code || 'error', message: e.message, file: '', line: 0, column: 0 }] };
  }
  if (!out.ok) {
    r.errors = out.errors;
    r.warnings = [];
    r.result = null;
    ctx.render();
    document.getElementById('record-errors')?.focus();
    return;
  }
  r.errors = [];
  r.warnings = out.warnings;
  r.result = out;
  r.lastFrom = change.from;
  r.clearValue = true;
  if (out.source) {
    r.sourceMode = 'existing';
    r.existing = out.source;
  }
  st.overview = out.overview;
  st.bundle = null;
  ctx.render();
  document.getElementById('record-result')?.focus();
}

function undo(ctx) {
  const { st } = ctx;
  st.studio.undo();
  st.record.result = null;
  st.record.errors = [];
  st.record.warnings = [];
  st.record.undone = true;
  st.bundle = null;
  ctx.recheck();
}

function caseCell(lang, c, label) {
  if (!c) return h('td', { 'data-label': label }, '—');
  return h('td', { 'data-label': label },
    h('span', { class: `mark ${c.passed ? 'pass' : 'fail'}` }, c.passed ? `✓ ${t(lang, 'casePass')}` : `✗ ${t(lang, 'caseFail')}`),
    h('br'), c.outcomes.map(outcomeText).join(punct(lang).semi),
    c.message ? h('p', { class: 'hint', lang: 'en' }, c.message) : null);
}

function resultView(ctx) {
  const { st } = ctx;
  const lang = st.lang;
  const box = h('div', { id: 'record-result', tabindex: '-1', 'aria-live': 'polite' });
  if (st.record.undone) {
    box.append(h('p', {}, t(lang, 'undone')));
    st.record.undone = false;
  }
  const r = st.record.result;
  if (!r) return box;
  const all = st.overview.cases;
  const failed = all.filter((c) => !c.passed).length;
  // Native append writes null as text: the parts left out are dropped first.
  box.append(...[
    h('p', { class: 'ok' }, t(lang, 'recorded', { files: r.changed.join(punct(lang).list) })),
    h('p', { class: failed ? 'warning' : 'ok' }, failed ? t(lang, 'someFail', { f: failed, n: all.length }) : t(lang, 'allPass', { n: all.length })),
    failed ? h('ul', { class: 'still-failing' }, ...all.filter((c) => !c.passed).map((c) => h('li', {}, c.name, ' ', h('code', {}, `${c.file}:${c.line}`)))) : null,
    ...st.record.warnings.map((w) => h('p', { class: 'field-warning' }, `${t(lang, 'warning')}${explain(lang, w)} `, engineWords(w))),
    h('h3', {}, t(lang, 'caseChanges', { n: r.case_changes.length }))].filter(Boolean));
  if (!r.case_changes.length) {
    box.append(h('p', {}, t(lang, 'noCaseChanges')));
    return box;
  }
  const head = h('tr', {}, ...['', t(lang, 'caseBefore'), t(lang, 'caseAfter')].map((x) => h('th', { scope: 'col' }, x)));
  const rows = r.case_changes.map((c) => {
    const any = c.after || c.before;
    return h('tr', { class: 'case-change' },
      h('th', { scope: 'row' }, any.name, h('br'), h('code', {}, `${any.file}:${any.line}`)),
      caseCell(lang, c.before, t(lang, 'caseBefore')), caseCell(lang, c.after, t(lang, 'caseAfter')));
  });
  box.append(h('table', { class: 'case-changes' }, h('thead', {}, head), h('tbody', {}, ...rows)));
  return box;
}
