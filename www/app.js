// The resident self-check, mountable in any page: `mount(element, { region, lang, elderMode })`.
// All rule knowledge is in the engine (WebAssembly); this module only asks what the engine says
// is still needed, writes answers into the household document, and shows the engine's results.

import init, { Engine } from './pkg/huimin.js';
import { h, replace, lazyDetails, buildForPrint } from './dom.js';
import { t, pick } from './i18n.js';
import { widget, regionPicker } from './widgets.js';
import { placeList, fetchPlaces } from './places.js';
import {
  programCard, curveChart, officeDecidesAfter, packageSummary, staleFigures, staleNotice, nextStep, topQuestions,
} from './results.js';
import { bookingView } from './booking.js';
import { resolveRefs } from './refs.js';
import {
  getPath, setPath, deletePath, dropStale, perPerson, statusConsequences,
} from './answers.js';

const engines = new Map();

/** Per engine and language, the pieces its results have sent (citations, texts, tests, criteria). */
const heldPieces = new WeakMap();

/**
 * `assess` as the page reads it, at the cost of a result with references that sends each
 * citation, text and test once per engine and language (Engine.assessWithRefs with `held`).
 */
function assessHeld(engine, hh, date, options) {
  let byLang = heldPieces.get(engine);
  if (!byLang) heldPieces.set(engine, (byLang = new Map()));
  if (!byLang.has(options.lang)) byLang.set(options.lang, []);
  const held = byLang.get(options.lang);
  return resolveRefs(engine.assessWithRefs(hh, date, { ...options, held: held.length }), held);
}

/**
 * Loads the engine once per page (the .wasm is fetched from the page's own origin). With
 * `rules: { url, publicKey }` the rules come from a signed bundle (`huimin bundle sign`) on the
 * same origin instead of those built in; the engine refuses it (an Error with `code`
 * hash_mismatch, bad_signature, unsigned, bad_key or malformed_bundle) unless it verifies.
 * A bundle is read by the package for signed bundles (pkg-signed: the signature check, no
 * built-in rules), loaded only then; the built-in rules' package (pkg) has no signature check.
 */
export function loadEngine(rules) {
  const key = rules ? `${rules.url}\n${rules.publicKey}` : '';
  if (!engines.has(key)) engines.set(key, rules ? signedEngine(rules) : builtinEngine());
  return engines.get(key);
}

/** The engine on the rules built into the resident's package. */
async function builtinEngine() {
  // The .wasm beside this module's package, named so that the page's single-file build
  // (page.js, one level up from pkg/) finds it too.
  await init({ module_or_path: new URL('pkg/huimin_bg.wasm', import.meta.url) });
  return new Engine();
}

/** The engine on a signed bundle's rules, with the package for signed bundles. */
async function signedEngine(rules) {
  // A URL built at run time, so that the page's single-file build leaves this package out.
  const glue = new URL('pkg-signed/huimin.js', import.meta.url).href;
  const [pkg, res] = await Promise.all([import(glue), fetch(rules.url, { credentials: 'same-origin' })]);
  if (!res.ok) throw Object.assign(new Error(`${rules.url}: HTTP ${res.status}`), { code: 'rules_unavailable' });
  await pkg.default({ module_or_path: new URL('pkg-signed/huimin_bg.wasm', import.meta.url) });
  return pkg.Engine.fromSignedBundle(await res.text(), rules.publicKey);
}

/**
 * The engine's opening (pkg/opening.json, written with the package by the native engine): its
 * first question for a household with nothing given yet, the same in every place the rules cover
 * (tested), and the form field that asks it. The page shows it while the engine is still on its
 * way; `null` when it cannot be had (the page then waits for the engine).
 */
async function fetchOpening() {
  try {
    const r = await fetch(new URL('pkg/opening.json', import.meta.url));
    const o = r.ok ? await r.json() : null;
    return o?.question && o?.field ? o : null;
  } catch {
    return null;
  }
}

/**
 * Has the engine run, once, what a results page asks of it, on a household of its own, when the
 * page is next idle: a browser compiles WebAssembly code the first time it runs (on a cheap
 * phone, about half of a family's results came from that), and the resident is meanwhile
 * answering. `region()` gives the place chosen so far (the engine picks one otherwise). Nothing
 * is shown and nothing is kept; a failure only leaves the code to be compiled later.
 */
function warmUp(engine, region, date) {
  const idle = globalThis.requestIdleCallback
    ? (fn) => requestIdleCallback(fn, { timeout: 3000 })
    : (fn) => setTimeout(fn, 500);
  idle(() => {
    try {
      engine.warm(region() || undefined, date);
    } catch {
      try { engine.warm(undefined, date); } catch { /* a warm-up only */ }
    }
  });
}

/** Today's date in Beijing time (UTC+8), where the rules and the registries are. */
function today() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/**
 * Mounts the self-check in `root`.
 * @param {HTMLElement} root
 * @param {{ region?: string, lang?: 'zh'|'en', elderMode?: boolean, date?: string,
 *   rules?: { url: string, publicKey: string } }} [options] `rules`: a signed rule bundle to use
 *   instead of the built-in rules (see loadEngine).
 * @returns {Promise<{ destroy(): void, household(): object }>}
 */
export async function mount(root, options = {}) {
  const st = {
    lang: options.lang === 'en' ? 'en' : 'zh',
    elder: Boolean(options.elderMode),
    larger: false,
    date: options.date || today(),
    hh: options.region ? { region: options.region } : {},
    // The questions asked so far, in order, each answered or skipped; `back` is the one being
    // looked at again (an index), null when going forward.
    trail: [],
    back: null,
    notice: null,
    view: 'start',
    topic: 'benefits',
    service: null,
    texts: new Map(),
    message: '',
  };
  root.classList.add('huimin');
  const bar = h('div', { class: 'toolbar' });
  const main = h('div', { class: 'view', 'aria-live': 'polite' });
  replace(root, bar, main);
  replace(main, h('p', {}, t(st.lang, 'loading')));
  // A card's details are built when opened; a printout (the button, or the browser's own print)
  // shows them all, as the office needs them.
  const printing = () => buildForPrint(root);
  window.addEventListener('beforeprint', printing);
  // The place list is fetched alongside the engine, only when the resident chooses the place.
  const placesRequest = options.region ? Promise.resolve(null) : fetchPlaces();
  // The first question comes with the built-in rules' package; rules from a bundle may ask
  // something else first, so with them the page waits for the engine.
  const openingRequest = options.rules ? Promise.resolve(null) : fetchOpening();
  // Every place when the page lets the resident choose (marked once the engine says which have
  // rules of their own); the engine's own list otherwise. The first screen does not wait for the
  // list: its place field says it is loading until the list is here.
  let placesData = null;
  let regions = [];
  let picker = null;
  placesRequest.then((data) => {
    if (!data) return;
    placesData = data;
    regions = placeList([], data);
    const field = main.querySelector('fieldset.place');
    if (st.view === 'start' && field) field.replaceWith(placeField());
  });
  // The engine loads meanwhile. When the resident chooses the place, the engine is asked for once
  // the place list (a tenth of its size) has arrived, so that the two do not share the link: the
  // resident chooses the place while the engine is still on its way.
  let engine = null;
  let loadError = null;
  const engineRequest = placesRequest.then(() => loadEngine(options.rules))
    .then((e) => { engine = e; }, (e) => { loadError = e; });
  let fields = new Map();
  // The first screen does not wait for the opening: a start pressed before it has arrived waits
  // for it (a few hundred bytes, asked for with the page).
  let opening = null;
  const openingArrived = openingRequest.then((o) => {
    opening = o;
    if (o && !fields.has(o.field.fact)) fields.set(o.field.fact, o.field);
    // The places the rules cover come with the opening: the portal's place is named on the
    // first screen without waiting for the engine. When the resident chooses, the list is the
    // whole country's (places.json), and the picker waits for it rather than change under them.
    if (o && Array.isArray(o.regions) && options.region && !engine && !regions.length) {
      regions = o.regions;
      const field = main.querySelector('fieldset.place');
      if (st.view === 'start' && field) field.replaceWith(placeField());
    }
  });
  /** Runs `fn` once the engine is there (at once if it is); meanwhile says it is loading. */
  const ready = (fn) => {
    if (engine) { fn(); return; }
    st.pending = fn;
    replace(main, h('p', { role: 'status' }, t(st.lang, 'loading')));
  };

  const fieldFor = (fact) => fields.get(fact.replace(/^supporter\./, 'member.'));
  const personLabel = (id) => {
    const find = (list, key) => {
      const i = (st.hh[list] || []).findIndex((p) => p.id === id);
      if (i < 0) return null;
      if (st.topic === 'marriage' && list === 'members') return t(st.lang, 'party', { n: i + 1 });
      const rel = st.hh[list][i].relation;
      const relText = rel ? pick(st.lang, fields.get('member.relation').choices.find((c) => c.value === rel)?.label) : '';
      return t(st.lang, key, { n: i + 1, rel: relText });
    };
    return find('members', 'person') || find('supporters', 'supporter') || id;
  };
  const questionText = (m) => {
    const text = st.texts.get(m.fact);
    const base = text ? pick(st.lang, text) : m.fact;
    return m.person ? `${personLabel(m.person)} — ${base}` : base;
  };
  const questions = () => {
    if (!engine) return early() ? [opening.question] : [];
    const qs = engine.nextQuestions(st.hh, st.date, st.topic);
    for (const q of qs) if (q.text) st.texts.set(q.fact, q.text);
    const skipped = new Set(st.trail.filter((e) => e.skipped).map((e) => e.q.path));
    const out = qs.filter((q) => !skipped.has(q.path) && (st.topic !== 'marriage' || q.programs.includes(st.service)));
    // A person's certificate before their statuses, so that what only concerns severely disabled
    // people (long-term care) is offered knowing whether it can concern them.
    const first = out[0];
    if (first?.fact === 'member.status') {
      const cert = out.find((q) => q.fact === 'member.disability' && q.person === first.person);
      if (cert) return [cert, ...out.filter((q) => q !== cert)];
    }
    return out;
  };
  const fresh = () => ({ trail: [], back: null, notice: null });
  /** Whether the engine's opening can be asked now: the engine is not here yet, the place is
   * chosen (without one the engine asks for the place first) and nothing is answered yet. */
  const early = () => Boolean(opening && !engine && st.hh.region && st.topic === 'benefits' && !st.trail.length);
  const startMarriage = (service) => {
    const region = st.hh.region;
    Object.assign(st, {
      topic: 'marriage', service, ...fresh(), message: '',
      hh: { ...(region ? { region } : {}), members: [{ id: 'p1', relation: 'applicant' }, { id: 'p2', relation: 'spouse' }] },
    });
    go('ask');
  };
  const go = (view) => { st.view = view; render(); };

  function toolbar() {
    const langBtn = (code, label) => h('button', {
      type: 'button', class: 'secondary', 'aria-pressed': String(st.lang === code), lang: code,
      onclick: () => { st.lang = code; render(`.langs button[lang="${code}"]`); },
    }, label);
    const toggle = (key, label) => {
      const id = `hm-${key}`;
      return h('div', { class: 'toggle' },
        h('input', {
          type: 'checkbox', id, checked: st[key],
          // Large text changes only the styles: the view, its answers and the focus stay.
          onchange: (e) => { st[key] = e.target.checked; restyle(); toolbar(); bar.querySelector(`#${id}`)?.focus(); },
        }),
        h('label', { for: id }, label));
    };
    replace(bar,
      h('div', { class: 'langs', role: 'group', 'aria-label': t(st.lang, 'language') }, langBtn('zh', '中文'), langBtn('en', 'English')),
      toggle('elder', t(st.lang, 'elder')),
      st.elder ? toggle('larger', t(st.lang, 'larger')) : null);
  }

  function begin() {
    st.message = '';
    st.topic = 'benefits';
    go('ask');
  }

  /** The start's place field: the picker, or a loading line until there is a list to pick from. */
  function placeField() {
    picker = regionPicker(regions, st.lang, st.hh.region, (code) => {
      if (code) st.hh.region = code; else delete st.hh.region;
    });
    // The portal's place, named once the engine has said the names of the places it covers.
    return h('fieldset', { class: 'place' }, h('legend', {}, t(st.lang, 'place')), picker.el,
      regions.length ? null : h('p', { class: 'hint', role: 'status' }, t(st.lang, 'loading')));
  }

  function startView() {
    const file = h('input', { type: 'file', id: 'hm-load', accept: 'application/json,.json', class: 'sr-only' });
    file.addEventListener('change', async () => {
      const text = await file.files[0].text();
      ready(() => {
        try {
          const doc = JSON.parse(text);
          const hh = doc.household ?? doc;
          engine.nextQuestions(hh, st.date);
          Object.assign(st, { hh, topic: 'benefits', ...fresh() });
          go('results');
        } catch {
          st.message = t(st.lang, 'badFile');
          render();
        }
      });
    });
    return [
      h('h2', { tabindex: '-1' }, t(st.lang, 'subtitle')),
      h('p', { class: 'privacy' }, t(st.lang, 'privacy')),
      h('p', { class: 'notice' }, t(st.lang, 'estimate')),
      placeField(),
      st.message ? h('p', { class: 'error', role: 'alert' }, st.message) : null,
      h('div', { class: 'actions' },
        h('button', {
          type: 'button',
          class: 'primary',
          // The engine's opening question needs no engine: asked at once, answered while it loads.
          onclick: () => {
            if (engine) { begin(); return; }
            openingArrived.then(() => (early() ? begin() : ready(begin)));
          },
        }, t(st.lang, 'start')),
        h('label', { for: 'hm-load', class: 'button secondary' }, t(st.lang, 'load')), file),
      h('section', { class: 'marriage-entry', 'aria-labelledby': 'hm-marriage' },
        h('h2', { id: 'hm-marriage' }, t(st.lang, 'marriageTitle')),
        h('p', {}, t(st.lang, 'marriageIntro')),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', onclick: () => ready(() => startMarriage('marriage_registration')) }, t(st.lang, 'marriageStart')),
          h('button', { type: 'button', class: 'secondary', onclick: () => ready(() => startMarriage('divorce_registration')) }, t(st.lang, 'divorceStart')))),
    ];
  }

  /** The progress in words: the engine's count of questions, and what each person adds. */
  function progress(qs) {
    // Before the engine there is nothing to count with: the opening question alone.
    if (!engine) return null;
    const answered = st.trail.filter((e) => !e.skipped).length;
    if (st.back !== null) {
      // Looking again at answers already given: where in them, not a count of new questions.
      const n = st.trail.length;
      return h('div', { class: 'progress' },
        h('progress', { max: String(n), value: String(st.back + 1), 'aria-label': t(st.lang, 'reviewing', { i: st.back + 1, n }) }),
        h('p', {}, t(st.lang, 'reviewing', { i: st.back + 1, n }), qs.length ? t(st.lang, 'reviewingMore', { m: qs.length }) : ''));
    }
    const words = [t(st.lang, 'answered', { n: answered }), t(st.lang, 'comma'), t(st.lang, 'remaining', { n: qs.length })];
    let more = 0;
    for (const list of ['members', 'supporters']) {
      if (!qs.some((q) => q.fact === list)) continue;
      const k = perPerson(engine, st.hh, st.date, st.topic, list);
      if (!k.first) continue;
      more += k.first;
      const key = list === 'members' ? 'perMember' : 'perSupporter';
      words.push(t(st.lang, k.each === k.first ? key : `${key}First`, { a: k.first, k: k.each }));
    }
    words.push(t(st.lang, 'followUps'));
    return h('div', { class: 'progress' },
      h('progress', { max: String(answered + qs.length + more), value: String(answered), 'aria-label': t(st.lang, 'answered', { n: answered }) }),
      h('p', {}, words.join('')));
  }

  /** The notice that answers were dropped after a change (shown once). */
  function droppedNotice() {
    const n = st.notice;
    st.notice = null;
    if (!n) return null;
    return h('div', { class: 'notice dropped', role: 'status' },
      h('p', {}, t(st.lang, 'droppedIntro', { q: n.what })),
      h('ul', {}, n.items.map((i) => h('li', {}, i))));
  }

  /** A trail entry's question as it reads after a list of people changed (null: person removed). */
  const remap = (e, list, people) => {
    const m = new RegExp(`^${list}\\[(\\d+)\\]`).exec(e.q.path);
    if (!m || !e.q.person) return e;
    const j = people.findIndex((p) => p.id === e.q.person);
    return j < 0 ? null : { ...e, q: { ...e.q, path: e.q.path.replace(m[0], `${list}[${j}]`) } };
  };

  /**
   * A changed answer to the trail's question `i`: the answers given after it that no longer
   * matter (the engine's word) and those about a person removed are dropped, and the page says so.
   */
  function revise(i, q, next) {
    const old = getPath(st.hh, q.path);
    const value = getPath(next, q.path);
    const gone = [];
    let pairs = st.trail.slice(i + 1).map((e) => ({ e, was: e.q.path }));
    const changed = JSON.stringify(old) !== JSON.stringify(value);
    if (changed && (q.fact === 'members' || q.fact === 'supporters')) {
      const ids = new Set(value.map((p) => p.id));
      for (const p of (old || []).filter((o) => !ids.has(o.id))) {
        const n = pairs.filter((x) => x.e.q.person === p.id && !x.e.skipped).length;
        gone.push(t(st.lang, n ? 'personRemoved' : 'personRemovedNone', { who: personLabel(p.id), n }));
      }
      pairs = pairs.map((x) => ({ ...x, e: remap(x.e, q.fact, value) })).filter((x) => x.e);
    }
    let hh = next;
    if (changed) {
      const cand = pairs.filter((x) => !x.e.skipped);
      const r = dropStale(engine, st.hh, next, cand.map((x) => x.e.q.path), st.date, st.topic, cand.map((x) => x.was));
      hh = r.household;
      const dropped = new Set(r.dropped);
      for (const x of cand) if (dropped.has(x.e.q.path)) gone.push(questionText(x.e.q));
      pairs = pairs.filter((x) => !dropped.has(x.e.q.path));
    }
    st.notice = gone.length ? { what: pick(st.lang, q.text) || q.fact, items: gone } : null;
    st.trail = [...st.trail.slice(0, i), { q, skipped: false }, ...pairs.map((x) => x.e)];
    st.hh = hh;
    st.back = i + 1 < st.trail.length ? i + 1 : null;
  }

  function askView() {
    let qs;
    try {
      qs = questions();
    } catch (e) {
      return [h('p', { class: 'error', role: 'alert' }, e.message)];
    }
    if (!qs.length && st.back === null) {
      st.message = t(st.lang, 'done');
      st.view = 'results';
      return resultsView();
    }
    const q = st.back === null ? qs[0] : st.trail[st.back].q;
    // A fact the region's packs add comes with its own field; built-in facts are in form().
    const field = q.field || fieldFor(q.fact);
    const current = getPath(st.hh, q.path);
    const at = /^(members|supporters)\[(\d+)\]\./.exec(q.path);
    const person = at ? { list: at[1], person: st.hh[at[1]]?.[Number(at[2])] } : null;
    const consequences = engine && field?.fact === 'member.status'
      ? statusConsequences(engine, st.hh, q.path, field.choices.map((c) => c.value), st.date, st.topic) : null;
    const w = field ? widget(field, st.lang, current, { regions, person, consequences }) : { el: h('p', {}, q.fact), read: () => ({ ok: false }) };
    const err = h('p', { class: 'error', role: 'alert' });
    const submit = () => {
      const r = w.read();
      if (!r.ok) { err.textContent = `${t(st.lang, 'choose')} / ${t(st.lang, 'unknown')}`; return; }
      let value = r.value;
      if (field?.kind === 'people') {
        const old = getPath(st.hh, q.path) || [];
        value = value.map((p) => ({ ...(old.find((o) => o.id === p.id) || {}), ...p }));
      }
      const next = structuredClone(st.hh);
      setPath(next, q.path, value);
      if (!engine) {
        // The opening, answered before the engine: kept, and the engine takes it from there.
        st.trail.push({ q, skipped: false });
        st.hh = next;
        ready(render);
        return;
      }
      try {
        engine.nextQuestions(next, st.date, st.topic);
      } catch (e) {
        err.textContent = `${e.path ? `${e.path}: ` : ''}${e.message}`;
        return;
      }
      if (st.back === null) {
        st.trail.push({ q, skipped: false });
        st.hh = next;
      } else {
        revise(st.back, q, next);
      }
      render();
    };
    const skip = () => {
      if (!engine) {
        st.trail.push({ q, skipped: true });
        ready(render);
        return;
      }
      if (st.back === null) {
        st.trail.push({ q, skipped: true });
      } else {
        // Looked at again and now unknown: the answer is removed (a list of people is kept).
        st.trail[st.back] = { q, skipped: true };
        if (field?.kind !== 'people') { st.hh = structuredClone(st.hh); deletePath(st.hh, q.path); }
        st.back = st.back + 1 < st.trail.length ? st.back + 1 : null;
      }
      render();
    };
    const backTo = st.back ?? st.trail.length;
    return [
      progress(qs),
      droppedNotice(),
      h('form', { class: 'question', 'data-fact': q.fact, 'data-path': q.path, onsubmit: (e) => { e.preventDefault(); submit(); } },
        q.person ? h('p', { class: 'who' }, t(st.lang, 'about', { who: personLabel(q.person) })) : null,
        h('h2', { tabindex: '-1', id: 'hm-q' }, pick(st.lang, q.text) || q.fact),
        q.help ? h('p', { class: 'hint' }, pick(st.lang, q.help)) : null,
        w.el,
        err,
        h('div', { class: 'actions' },
          h('button', { type: 'submit', class: 'primary' }, t(st.lang, 'next')),
          h('button', { type: 'button', class: 'secondary', onclick: skip }, t(st.lang, 'unknown')),
          backTo > 0 ? h('button', { type: 'button', class: 'secondary', onclick: () => { st.back = backTo - 1; st.notice = null; render(); } }, t(st.lang, 'back')) : null,
          h('button', { type: 'button', class: 'secondary', onclick: () => ready(() => { st.back = null; go('results'); }) }, t(st.lang, 'seeResults')))),
    ];
  }

  /** The curves the engine says are worth drawing: whatever moves with a member's income. */
  function whatIf(a) {
    const members = st.hh.members || [];
    if (!members.length) return null;
    const names = new Map(a.programs.map((p) => [p.id, pick(st.lang, p.name)]));
    const incomeNames = new Map((fields.get('member.income')?.choices || []).map((c) => [c.value, pick(st.lang, c.label)]));
    const box = h('section', { class: 'whatif', 'aria-labelledby': 'hm-whatif' }, h('h3', { id: 'hm-whatif' }, t(st.lang, 'whatIf')));
    const selId = 'hm-whatif-who';
    const sel = h('select', { id: selId }, members.map((m, i) => h('option', { value: String(i) }, personLabel(m.id))));
    const out = h('div', {});
    const draw = () => {
      const i = Number(sel.value);
      const who = personLabel(members[i].id);
      let curves = [];
      try {
        curves = engine.incomeCurves(st.hh, st.date, i);
      } catch {
        curves = [];
      }
      replace(out, curves.map((c) => {
        const vars = { who, program: names.get(c.program) || c.program, cat: incomeNames.get(c.category) || c.category, x: c.ends_at };
        // Past the end the program may be for the office to decide (a figure past its known
        // date): then the page says so, never that it no longer applies.
        const ends = !c.ends_at ? '' : t(st.lang, officeDecidesAfter(c) ? 'endsRefer' : 'endsAt', vars);
        return h('div', { class: 'curve-box' },
          h('p', {}, t(st.lang, 'whatIfIntro', vars)),
          curveChart(st.lang, c, { title: `${t(st.lang, 'whatIf')}：${vars.program}`, ends, x: t(st.lang, 'chartIncome', vars), y: t(st.lang, 'chartAmount', vars) }),
          ends ? h('p', { class: 'ends' }, ends) : null);
      }));
    };
    sel.addEventListener('change', draw);
    box.append(h('div', { class: 'field' }, h('label', { for: selId }, t(st.lang, 'whoseIncome')), sel), out);
    // The curves are worked out after the results are on the screen (they sit below the
    // programs): a household's sweep can take longer than the rest of the results together.
    requestAnimationFrame(() => setTimeout(draw, 0));
    return box;
  }

  function download() {
    const blob = new Blob([JSON.stringify({ date: st.date, household: st.hh }, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: 'huimin-answers.json' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    st.message = t(st.lang, 'saved');
  }

  function resultsView() {
    let a;
    let left = 0;
    let pending = [];
    try {
      a = assessHeld(engine, st.hh, st.date, { trace: false, topic: st.topic, lang: st.lang });
      pending = questions();
      left = pending.length;
    } catch (e) {
      return [h('p', { class: 'error', role: 'alert' }, e.message)];
    }
    if (st.topic === 'marriage') {
      const p = a.programs.find((x) => x.id === st.service);
      return [
        h('h2', { tabindex: '-1', id: 'hm-results' }, t(st.lang, 'results')),
        h('p', { class: 'notice' }, t(st.lang, 'marriageNotice')),
        droppedNotice(),
        h('div', { class: 'actions no-print' },
          left ? h('button', { type: 'button', class: 'primary', onclick: () => go('ask') }, t(st.lang, 'continue')) : null,
        st.trail.length ? h('button', { type: 'button', class: 'secondary', onclick: () => { st.back = st.trail.length - 1; go('ask'); } }, t(st.lang, 'changeAnswers')) : null,
          h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t(st.lang, 'print')),
          h('button', { type: 'button', class: 'secondary', onclick: () => { Object.assign(st, { topic: 'benefits', hh: options.region ? { region: options.region } : {}, ...fresh() }); go('start'); } }, t(st.lang, 'restart'))),
        p ? programCard(st.lang, p, { personLabel, questionText }) : null,
        p && p.status === 'eligible'
          ? bookingView(st.lang, engine, st.hh, st.service, st.date, options.date ? { date: options.date, time: '00:00' } : undefined) : null,
        p && p.status !== 'eligible' && p.status !== 'ineligible' ? h('p', { class: 'notice' }, t(st.lang, 'bookAfterCheck')) : null,
      ];
    }
    const order = { eligible: 0, refer: 1, needs_info: 2, ineligible: 3 };
    const programs = [...a.programs].sort((x, y) => order[x.status] - order[y.status]);
    const no = programs.filter((p) => p.status === 'ineligible');
    const stale = staleFigures(a);
    const msg = st.message;
    st.message = '';
    return [
      h('h2', { tabindex: '-1', id: 'hm-results' }, t(st.lang, 'results')),
      msg ? h('p', { role: 'status' }, msg) : null,
      droppedNotice(),
      // The package first, so a phone's first screen shows it (in large-text mode too).
      a.region && a.packs.length === 1 ? h('p', { class: 'notice national-only' }, t(st.lang, 'nationalOnly')) : null,
      packageSummary(st.lang, a.package, { personLabel }),
      h('p', { class: 'notice' }, t(st.lang, 'estimate')),
      h('p', { class: 'asof' }, stale.length ? t(st.lang, 'asOfStale', { d: a.as_of, n: stale.length }) : t(st.lang, 'asOf', { d: a.as_of })),
      nextStep(st.lang, a),
      topQuestions(st.lang, pending, { questionText }),
      staleNotice(st.lang, stale),
      h('div', { class: 'actions no-print' },
        left ? h('button', { type: 'button', class: 'primary', onclick: () => go('ask') }, t(st.lang, 'continue')) : null,
        st.trail.length ? h('button', { type: 'button', class: 'secondary', onclick: () => { st.back = st.trail.length - 1; go('ask'); } }, t(st.lang, 'changeAnswers')) : null,
        h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t(st.lang, 'print')),
        h('button', { type: 'button', class: 'secondary', onclick: () => { download(); render(); } }, t(st.lang, 'save')),
        h('button', { type: 'button', class: 'secondary', onclick: () => { Object.assign(st, { hh: options.region ? { region: options.region } : {}, ...fresh() }); go('start'); } }, t(st.lang, 'restart'))),
      programs.filter((p) => p.status !== 'ineligible').map((p) => programCard(st.lang, p, { personLabel, questionText })),
      whatIf(a),
      // Folded away, and built when opened: nearly half of the results' elements for a family
      // (431 of 976 for the rural one).
      no.length ? lazyDetails({ class: 'not-qualified' },
        h('summary', {}, `${t(st.lang, 'notQualified')}（${no.length}）`),
        () => no.map((p) => programCard(st.lang, p, { personLabel, questionText }))) : null,
    ];
  }

  function restyle() {
    root.lang = st.lang === 'en' ? 'en' : 'zh-CN';
    root.classList.toggle('elder', st.elder);
    root.classList.toggle('larger', st.elder && st.larger);
  }

  /** Draws the toolbar and the view; focus goes to the view's heading, or to `focus` (a selector). */
  function render(focus) {
    restyle();
    toolbar();
    const view = st.view === 'ask' ? askView() : st.view === 'results' ? resultsView() : startView();
    replace(main, view);
    const target = focus ? root.querySelector(focus) : main.querySelector('h2');
    target?.focus({ preventScroll: false });
  }

  // The first screen before the engine: the place to choose (when the page lets the resident
  // choose) and the start, whose first question is the engine's opening.
  const before = !engine && !loadError;
  if (before) render();
  await engineRequest;
  if (loadError) {
    const e = loadError;
    const refused = ['hash_mismatch', 'bad_signature', 'unsigned', 'bad_key', 'malformed_bundle'].includes(e?.code);
    const box = h('p', { class: 'error', role: 'alert' }, t(st.lang, refused ? 'rulesRefused' : 'loadFailed'));
    if (e?.code) box.dataset.code = e.code;
    // Nothing to choose or answer when the rules are refused: the error alone.
    replace(bar);
    replace(main, box);
    throw e;
  }
  regions = placesData ? placeList(engine.regions(), placesData) : engine.regions();
  fields = new Map(engine.form().map((f) => [f.fact, f]));
  warmUp(engine, () => st.hh.region, st.date);
  if (st.pending) {
    const fn = st.pending;
    st.pending = null;
    fn();
  } else if (picker && st.view === 'start' && main.contains(picker.el) && placesData) {
    picker.mark(regions);
  } else if (before && st.view === 'ask' && !st.trail.length && st.back === null) {
    // The opening is on the screen, perhaps half answered: left as it is (its answer goes to
    // the engine); the progress, which needed the engine, goes above it.
    try {
      const p = progress(questions());
      if (p) main.prepend(p);
    } catch { /* the progress is a help; the question stands without it */ }
  } else {
    render();
  }
  return {
    destroy() {
      window.removeEventListener('beforeprint', printing);
      root.replaceChildren();
      root.classList.remove('huimin', 'elder', 'larger');
    },
    household() { return structuredClone(st.hh); },
  };
}
