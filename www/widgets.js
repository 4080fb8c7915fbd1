// One input per answer kind (the kinds and their labelled choices come from engine.form()).
// A widget returns its element and a `read()` giving the value to write at the question's path.

import { h, nextId } from './dom.js';
import { t, pick } from './i18n.js';

function radios(name, options, current, legend) {
  const fs = h('fieldset', { class: 'choices' }, h('legend', { class: 'sr-only' }, legend));
  for (const o of options) {
    const id = nextId();
    fs.append(h('div', { class: 'choice' },
      h('input', { type: 'radio', name, id, value: o.value, checked: current === o.value }),
      h('label', { for: id }, o.label)));
  }
  return fs;
}

function checked(root, name) {
  const el = root.querySelector(`input[name="${name}"]:checked`);
  return el ? el.value : null;
}

function choiceLabels(field, lang) {
  return (field.choices || []).map((c) => ({ value: c.value, label: pick(lang, c.label), common: c.common }));
}

/** A region's own name, without the names of the regions around it (吉林省松原市乾安县 → 乾安县). */
function shortName(lang, r, regions) {
  const full = pick(lang, r.name);
  if (lang === 'en') return full.split(',')[0].trim();
  const parent = regions.find((p) => p.code === r.parent);
  const prefix = parent ? pick(lang, parent.name) : '';
  return prefix && full.startsWith(prefix) && full.length > prefix.length ? full.slice(prefix.length) : full;
}

/** Region picker: province → city → county selects over engine.regions(). */
export function regionPicker(regions, lang, current, onChange) {
  const byParent = new Map();
  const label = (r) => shortName(lang, r, regions) + (r.local ? ` ${t(lang, 'localMark')}` : '');
  for (const r of regions) {
    if (r.code === '000000') continue;
    const key = r.parent || '';
    if (!byParent.has(key)) byParent.set(key, []);
    byParent.get(key).push(r);
  }
  const chain = [];
  for (let c = current; c; c = regions.find((r) => r.code === c)?.parent) chain.unshift(c);
  const wrap = h('div', { class: 'region' });
  const levels = ['province', 'city', 'county'];
  let value = current || null;
  const draw = () => {
    wrap.replaceChildren();
    let parent = '';
    for (let i = 0; i < levels.length; i++) {
      const opts = byParent.get(parent) || [];
      if (!opts.length) break;
      const id = nextId();
      const sel = h('select', { id, name: levels[i] },
        h('option', { value: '' }, t(lang, 'choose')),
        opts.map((r) => h('option', { value: r.code, selected: chain[i] === r.code }, label(r))));
      sel.addEventListener('change', () => {
        chain.length = i;
        if (sel.value) chain.push(sel.value);
        value = chain.length ? chain[chain.length - 1] : null;
        draw();
        onChange?.(value);
        // Focus stays on the list just changed, so arrow keys can go on through it; the next
        // list follows in tab order.
        wrap.querySelector(`select[name="${levels[i]}"]`)?.focus();
      });
      wrap.append(h('div', { class: 'field' }, h('label', { for: id }, t(lang, levels[i])), sel));
      if (!chain[i]) break;
      parent = chain[i];
    }
    notes();
  };
  // What the chosen place's rules are, and what the mark means: only once the engine has said
  // which places have rules of their own.
  const notes = () => {
    for (const n of wrap.querySelectorAll('.place-note, .place-legend')) n.remove();
    if (!marked) return;
    const chosen = regions.find((r) => r.code === value);
    if (chosen) {
      const leaf = !byParent.has(chosen.code);
      if (chosen.local) wrap.append(h('p', { class: 'place-note', role: 'status' }, t(lang, 'placeLocal')));
      else if (leaf) wrap.append(h('p', { class: 'place-note', role: 'status' }, t(lang, 'placeNational')));
    }
    wrap.append(h('p', { class: 'place-legend' }, t(lang, 'localLegend')));
  };
  let marked = regions.some((r) => r.local);
  draw();
  return {
    el: wrap,
    read: () => (value ? { ok: true, value } : { ok: false }),
    /**
     * The same places, now marked with whether they have rules of their own: the labels change
     * in place, so a list being chosen from keeps its focus and its choice.
     */
    mark(list) {
      const byCode = new Map(list.map((r) => [r.code, r]));
      for (const r of regions) Object.assign(r, byCode.get(r.code) || {});
      for (const o of wrap.querySelectorAll('option[value]')) {
        const r = byCode.get(o.value);
        if (r && o.value) o.textContent = label(r);
      }
      marked = true;
      notes();
    },
  };
}

function people(field, lang, current, isSupporters) {
  const rels = choiceLabels(field, lang).filter((c) => !isSupporters || c.value !== 'applicant');
  const rows = (current && current.length ? current : (isSupporters ? [] : [{ id: 'p1', relation: 'applicant' }]))
    .map((p) => ({ ...p }));
  const list = h('ol', { class: 'people' });
  const wrap = h('div', {}, list);
  const draw = () => {
    list.replaceChildren();
    rows.forEach((p, i) => {
      const id = nextId();
      const fixed = !isSupporters && i === 0;
      const sel = h('select', { id, disabled: fixed },
        rels.filter((r) => fixed || r.value !== 'applicant')
          .map((r) => h('option', { value: r.value, selected: p.relation === r.value }, r.label)));
      sel.addEventListener('change', () => { p.relation = sel.value; });
      if (!p.relation) p.relation = sel.value;
      const label = t(lang, isSupporters ? 'supporter' : 'person', { n: i + 1, rel: '' }).replace(/[:：]\s*$/, '');
      list.append(h('li', { class: 'person' },
        h('label', { for: id }, label), sel,
        fixed ? null : h('button', { type: 'button', class: 'secondary', onclick: () => { rows.splice(i, 1); draw(); } },
          t(lang, 'remove'))));
    });
  };
  draw();
  let n = rows.reduce((m, p) => Math.max(m, Number(String(p.id).replace(/\D/g, '')) || 0), 0);
  wrap.append(h('button', {
    type: 'button', class: 'secondary add',
    onclick: () => {
      n += 1;
      rows.push({ id: `${isSupporters ? 's' : 'p'}${n}`, relation: isSupporters ? 'child' : 'spouse' });
      draw();
      list.lastElementChild?.querySelector('select')?.focus();
    },
  }, t(lang, isSupporters ? 'addSupporter' : 'addMember')));
  return { el: wrap, read: () => ({ ok: true, value: rows.map((p) => ({ ...p })) }) };
}

/**
 * Which status words can concern a person, so that no one is asked what cannot apply: whether
 * the applicant answering has died or been declared missing, whether a relative elsewhere cannot
 * find his parents, whether someone without a severe disability needs long-term care.
 */
const STATUS_FOR = {
  deceased: (p) => p.list === 'supporters',
  declared_missing: (p) => p.list === 'supporters' || p.person?.relation !== 'applicant',
  parents_not_found: (p) => p.list === 'members',
  needs_long_term_care: (p) => p.list === 'members' && (p.person?.disability === undefined
    || (p.person.disability !== null && (p.person.disability.grade <= 2
      || ['intellectual', 'mental'].includes(p.person.disability.kind)))),
};

/** Status words asked apart, in gentler words: why a person is living away from home. */
const AWAY = ['in_prison', 'compulsory_rehab'];

function multi(field, lang, current, person, consequences) {
  const offered = choiceLabels(field, lang);
  const have = new Set(current || []);
  const isStatus = field.fact === 'member.status';
  const all = isStatus && person
    ? offered.filter((c) => have.has(c.value) || (STATUS_FOR[c.value]?.(person) ?? true))
    : offered;
  // Words not offered keep whatever the answers already say of them.
  const kept = (current || []).filter((v) => !all.some((c) => c.value === v));
  // What leaving a word unticked decides (the engine's results with and without it), said beside it.
  const affects = (c) => consequences?.get(c.value);
  const box = (c) => {
    const id = nextId();
    const names = affects(c);
    const noteId = names ? nextId() : null;
    return h('div', { class: 'choice' },
      h('input', { type: 'checkbox', id, value: c.value, checked: have.has(c.value), 'aria-describedby': noteId }),
      h('label', { for: id }, c.label),
      names ? h('p', { class: 'consequence', id: noteId }, t(lang, 'leftUnticked', { programs: names.map((n) => pick(lang, n)).join('、') })) : null);
  };
  const away = isStatus ? all.filter((c) => AWAY.includes(c.value)) : [];
  const main = all.filter((c) => !away.includes(c));
  // A word whose absence decides something is never folded away under "more".
  const common = main.filter((c) => c.common || affects(c));
  const rest = main.filter((c) => !common.includes(c));
  const fs = h('fieldset', { class: 'choices' }, h('legend', { class: 'sr-only' }, t(lang, 'choose')),
    common.map(box),
    rest.length ? h('details', { open: rest.some((c) => have.has(c.value)) },
      h('summary', {}, t(lang, 'more')), rest.map(box)) : null);
  const awayFs = away.length ? h('fieldset', { class: 'choices away' }, h('legend', {}, t(lang, 'awayLegend')), away.map(box)) : null;
  const note = isStatus
    ? h('p', { class: 'hint' }, t(lang, 'noneOfThese'), '：', t(lang, 'next'), '。', t(lang, 'noneMeans'), all.length < offered.length ? `（${t(lang, 'onlyRelevant')}）` : '')
    : h('p', { class: 'hint' }, t(lang, 'noneOfThese'), '：', t(lang, 'next'));
  const boxes = () => [fs, awayFs].filter(Boolean).flatMap((f) => [...f.querySelectorAll('input:checked')]);
  return {
    el: h('div', {}, fs, awayFs, note),
    read: () => {
      const values = boxes().map((i) => i.value).concat(kept);
      if (field.fact === 'assets.vehicles') return { ok: true, value: values.map((kind) => ({ kind })) };
      return { ok: true, value: values };
    },
  };
}

function money(lang, current, labelText) {
  const id = nextId();
  const input = h('input', { id, type: 'text', inputmode: 'decimal', autocomplete: 'off', value: current ?? '' });
  return {
    el: h('div', { class: 'field money' }, h('label', { for: id }, labelText), input, h('span', {}, t(lang, 'yuan'))),
    input,
  };
}

function income(field, lang, current) {
  const all = choiceLabels(field, lang);
  const inputs = new Map();
  const row = (c) => {
    const m = money(lang, current?.[c.value] ?? '', c.label);
    inputs.set(c.value, m.input);
    return m.el;
  };
  const rest = all.filter((c) => !c.common);
  const el = h('div', {},
    h('p', { class: 'hint' }, t(lang, 'incomeHelp')),
    all.filter((c) => c.common).map(row),
    h('details', { open: rest.some((c) => current?.[c.value]) }, h('summary', {}, t(lang, 'more')), rest.map(row)));
  return {
    el,
    read: () => {
      const value = {};
      for (const [k, input] of inputs) {
        const v = input.value.trim();
        if (v !== '') value[k] = v;
      }
      return { ok: true, value };
    },
  };
}

function disability(field, lang, current) {
  const name = nextId('dis');
  const state = current === null ? 'none' : current ? 'has' : null;
  const kinds = choiceLabels(field, lang);
  const kindId = nextId();
  const gradeId = nextId();
  const kindSel = h('select', { id: kindId }, kinds.map((k) => h('option', { value: k.value, selected: current?.kind === k.value }, k.label)));
  const gradeSel = h('select', { id: gradeId }, [1, 2, 3, 4].map((g) => h('option', { value: String(g), selected: current?.grade === g }, t(lang, 'gradeN', { n: g }))));
  // Kind and grade belong to a certificate: hidden (and not read) without one.
  const details = h('div', { class: 'cert-details' },
    h('div', { class: 'field' }, h('label', { for: kindId }, t(lang, 'kind')), kindSel),
    h('div', { class: 'field' }, h('label', { for: gradeId }, t(lang, 'grade')), gradeSel));
  const el = h('div', {},
    radios(name, [{ value: 'none', label: t(lang, 'noCert') }, { value: 'has', label: t(lang, 'hasCert') }], state, t(lang, 'choose')),
    details);
  const sync = () => { details.hidden = checked(el, name) !== 'has'; };
  el.addEventListener('change', sync);
  sync();
  return {
    el,
    read: () => {
      const c = checked(el, name);
      if (c === 'none') return { ok: true, value: null };
      if (c === 'has') return { ok: true, value: { kind: kindSel.value, grade: Number(gradeSel.value) } };
      return { ok: false };
    },
  };
}

function date(lang, current, labelText) {
  const id = nextId();
  const input = h('input', { id, type: 'date', value: current || '', max: '2100-12-31', min: '1900-01-01' });
  return { el: h('div', { class: 'field' }, h('label', { for: id }, labelText), input), input };
}

function dateOrNone(lang, current) {
  const name = nextId('dn');
  const d = date(lang, current || '', t(lang, 'since'));
  const el = h('div', {},
    radios(name, [{ value: 'none', label: t(lang, 'notTheCase') }, { value: 'since', label: t(lang, 'since') }],
      current === null ? 'none' : current ? 'since' : null, t(lang, 'choose')),
    d.el);
  return {
    el,
    read: () => {
      const c = checked(el, name);
      if (c === 'none') return { ok: true, value: null };
      if (c === 'since' && d.input.value) return { ok: true, value: d.input.value };
      return { ok: false };
    },
  };
}

/**
 * The input for one question.
 * @returns {{ el: HTMLElement, read: () => { ok: boolean, value?: unknown } }}
 */
export function widget(field, lang, current, ctx) {
  const name = nextId('q');
  switch (field.kind) {
    case 'region':
      return regionPicker(ctx.regions, lang, current, null);
    case 'people':
      return people(field, lang, current, field.fact === 'supporters');
    case 'choice': {
      const el = radios(name, choiceLabels(field, lang), current, t(lang, 'choose'));
      return { el, read: () => { const v = checked(el, name); return v ? { ok: true, value: v } : { ok: false }; } };
    }
    case 'bool': {
      const el = radios(name, [{ value: 'true', label: t(lang, 'yes') }, { value: 'false', label: t(lang, 'no') }],
        current === undefined ? null : String(current), t(lang, 'choose'));
      return { el, read: () => { const v = checked(el, name); return v ? { ok: true, value: v === 'true' } : { ok: false }; } };
    }
    case 'count': {
      if ((field.max ?? 99) <= 6) {
        const opts = [];
        for (let i = field.min ?? 0; i <= field.max; i++) opts.push({ value: String(i), label: String(i) });
        const el = radios(name, opts, current === undefined ? null : String(current), t(lang, 'choose'));
        return { el, read: () => { const v = checked(el, name); return v ? { ok: true, value: Number(v) } : { ok: false }; } };
      }
      const id = nextId();
      const input = h('input', { id, type: 'number', inputmode: 'numeric', min: field.min ?? 0, max: field.max ?? 99, step: 1, value: current ?? '' });
      return {
        el: h('div', { class: 'field' }, h('label', { for: id }, t(lang, 'choose')), input),
        read: () => (input.value === '' ? { ok: false } : { ok: true, value: Number(input.value) }),
      };
    }
    case 'money': {
      const m = money(lang, current, t(lang, 'yuan'));
      return { el: m.el, read: () => (m.input.value.trim() === '' ? { ok: false } : { ok: true, value: m.input.value.trim() }) };
    }
    case 'income':
      return income(field, lang, current);
    case 'multi':
      return multi(field, lang, current, ctx?.person, ctx?.consequences);
    case 'disability':
      return disability(field, lang, current);
    case 'date': {
      const d = date(lang, current, t(lang, 'choose'));
      return { el: d.el, read: () => (d.input.value ? { ok: true, value: d.input.value } : { ok: false }) };
    }
    case 'date_or_none':
      return dateOrNone(lang, current);
    default:
      return { el: h('p', {}, field.kind), read: () => ({ ok: false }) };
  }
}
