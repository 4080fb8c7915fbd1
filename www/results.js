// The result view: every program's status, amount, reasons with citations, what is still
// needed, documents and where to apply; and the engine-computed "what if income changes" chart.

import { h, s, lazyDetails } from './dom.js';
import { t, pick } from './i18n.js';

function citation(lang, c) {
  if (!c) return '';
  const parts = [c.title && `《${c.title}》`, c.doc_number, c.article, c.publisher, c.date].filter(Boolean);
  if (c.unsourced) parts.push(lang === 'en' ? `no published source: ${c.unsourced}` : `无公开出处：${c.unsourced}`);
  return parts.join(' ');
}

const MARK = { met: '✓', not_met: '✗', unknown: '？', computed: '＝' };
const OUTCOME = {
  met: ['满足', 'met'], not_met: ['不满足', 'not met'], unknown: ['未知', 'unknown'], computed: ['计算', 'computed'],
};

function reasons(lang, list) {
  return h('ul', { class: 'reasons' }, list.map((r) => h('li', { class: `reason ${r.outcome}` },
    h('span', { class: 'mark', 'aria-hidden': 'true' }, MARK[r.outcome] || '·'),
    h('span', { class: 'sr-only' }, OUTCOME[r.outcome]?.[lang === 'en' ? 1 : 0] || r.outcome, ': '),
    h('span', {}, pick(lang, r.text)),
    citation(lang, r.citation) ? h('div', { class: 'cite' }, `${t(lang, 'source')}：${citation(lang, r.citation)}`) : null)));
}

/** An amount as a resident reads it: by month, by year or once, "至少" when it is a lower bound. */
export function amountText(lang, a) {
  if (a.up_to && a.from) {
    const top = a.period === 'once' ? a.once : a.period === 'year' ? a.annual : a.monthly;
    return t(lang, `range_${a.period}`, { from: a.from, to: top });
  }
  const low = a.at_least ? 'AtLeast' : a.up_to ? 'UpTo' : '';
  if (a.period === 'once') return t(lang, `once${low}`, { o: a.once });
  if (a.period === 'year') return t(lang, `yearly${low}`, { y: a.annual });
  return t(lang, `monthly${low}`, { m: a.monthly, y: a.annual });
}

/** What each value of a fact the office assigns (a class) would pay. */
function options(lang, list) {
  if (!list?.length) return null;
  return h('div', { class: 'options' },
    h('p', {}, t(lang, 'optionsIntro', { fact: pick(lang, list[0].label) })),
    h('ul', {}, list.map((o) => h('li', {},
      h('strong', {}, o.text ? pick(lang, o.text) : o.value), '：',
      o.amount ? amountText(lang, o.amount) : t(lang, 'optionNotPaid')))));
}

function amount(lang, a) {
  return a ? h('p', { class: 'amount' }, amountText(lang, a)) : null;
}

/** The package: what the household may receive, totalled, and what is not paid as well. */
export function packageSummary(lang, pkg, ctx) {
  if (!pkg) return null;
  const who = (m) => (m ? `（${ctx.personLabel(m)}）` : '');
  const low = pkg.at_least || pkg.incomplete;
  return h('section', { class: 'package', 'aria-labelledby': 'hm-package' },
    h('h3', { id: 'hm-package' }, t(lang, 'packageTitle')),
    pkg.items.length
      ? h('ul', { class: 'package-items' }, pkg.items.map((i) => h('li', {},
        h('strong', {}, pick(lang, i.name)), who(i.member), '：',
        i.amount ? amountText(lang, i.amount) : t(lang, 'amountUnknown'))))
      : h('p', {}, t(lang, 'packageNone')),
    // A total only where some amount is known: "at least 0.00" would read as nothing.
    pkg.items.some((i) => i.amount) ? h('p', { class: 'total' }, t(lang, low ? 'packageTotalAtLeast' : 'packageTotal', { m: pkg.monthly, y: pkg.annual })) : null,
    pkg.once !== '0.00' ? h('p', {}, t(lang, pkg.up_to ? 'packageOnceUpTo' : 'packageOnce', { o: pkg.once })) : null,
    pkg.incomplete ? h('p', { class: 'note' }, t(lang, 'packageIncomplete')) : null,
    pkg.not_taken?.length ? h('details', { class: 'not-taken' },
      h('summary', {}, t(lang, 'notTaken')),
      h('ul', {}, pkg.not_taken.map((n) => h('li', {},
        t(lang, 'instead', { a: `${pick(lang, n.name)}${who(n.member)}`, b: pick(lang, n.instead_name), why: pick(lang, n.text) }),
        citation(lang, n.citation) ? h('div', { class: 'cite' }, `${t(lang, 'source')}：${citation(lang, n.citation)}`) : null)))) : null);
}

/** Every figure the results still open or granted used past the date it is known until, once each. */
export function staleFigures(a) {
  const seen = new Map();
  for (const p of a.programs.filter((x) => x.status !== 'ineligible')) {
    for (const s of p.stale || []) if (!seen.has(s.parameter)) seen.set(s.parameter, s);
  }
  return [...seen.values()];
}

/** The notice of stale figures: what is on file, since when, known until when. */
export function staleNotice(lang, list) {
  if (!list.length) return null;
  return h('section', { class: 'stale', 'aria-labelledby': 'hm-stale' },
    h('h3', { id: 'hm-stale' }, t(lang, 'staleTitle')),
    h('p', {}, t(lang, 'staleIntro')),
    h('ul', {}, list.map((s) => h('li', {}, pick(lang, s.text)))));
}

function missingList(lang, missing, ctx) {
  if (!missing?.length) return null;
  const seen = new Set();
  const items = [];
  for (const m of missing) {
    const text = ctx.questionText(m);
    if (seen.has(text)) continue;
    seen.add(text);
    items.push(h('li', {}, text));
  }
  return h('div', { class: 'missing' }, h('p', {}, t(lang, 'stillNeeded')), h('ul', {}, items));
}

/** One program's card. */
export function programCard(lang, p, ctx) {
  const status = h('p', { class: `status ${p.status}` }, t(lang, p.status));
  const members = p.members?.length
    ? h('div', {}, h('p', {}, t(lang, 'members')), h('ul', { class: 'member-results' },
      p.members.map((m) => h('li', {},
        h('strong', {}, ctx.personLabel(m.id)), ' ', t(lang, m.status),
        m.amount ? ` · ${amountText(lang, m.amount)}` : '',
        m.reasons?.length ? h('details', {}, h('summary', {}, t(lang, 'why')), reasons(lang, m.reasons)) : null))))
    : null;
  // Name, status and amount first; the rest folded, so the results fit a few screens.
  return h('section', { class: `program ${p.status}`, 'aria-labelledby': `prog-${p.id}` },
    h('h3', { id: `prog-${p.id}` }, pick(lang, p.name)),
    status,
    amount(lang, p.amount),
    options(lang, p.options),
    lazyDetails({ class: 'program-details', print: true }, h('summary', {}, t(lang, 'details')),
      () => programBody(lang, p, ctx, members)));
}

function programBody(lang, p, ctx, members) {
  return h('div', {},
    members,
    p.reasons?.length ? h('details', { open: p.status !== 'ineligible' ? undefined : true },
      h('summary', {}, t(lang, 'why')), reasons(lang, p.reasons)) : null,
    p.dates?.length ? h('ul', { class: 'dates' }, p.dates.map((d) => h('li', {}, h('strong', {}, d.date), ' ', pick(lang, d.text)))) : null,
    missingList(lang, p.missing, ctx),
    p.stale?.length ? h('div', { class: 'stale-note' }, h('p', {}, t(lang, 'staleTitle'), '：'),
      h('ul', {}, p.stale.map((s) => h('li', {}, pick(lang, s.text))))) : null,
    // The figure in words only: the rule author's note (often English, for other authors) is
    // kept for `huimin explain` and the result JSON, not shown to residents.
    p.unsourced?.length ? h('div', { class: 'unsourced' }, h('p', {}, t(lang, 'unsourced')),
      h('ul', {}, p.unsourced.map((u) => h('li', {}, u.description ? pick(lang, u.description) : t(lang, 'unnamedFigure'))))) : null,
    (p.status === 'eligible' || p.status === 'refer' || p.status === 'needs_info') && p.documents?.length
      ? h('div', {}, h('p', {}, t(lang, 'documents')), h('ul', {}, p.documents.map((d) => h('li', {}, pick(lang, d))))) : null,
    (p.status !== 'ineligible') && p.apply_at ? h('p', {}, t(lang, 'applyAt'), pick(lang, p.apply_at)) : null);
}

/**
 * What to do first: where to apply for the first payment of the package (or, with none yet, the
 * first program to ask the office about), with the documents to bring.
 */
export function nextStep(lang, a) {
  const byId = new Map(a.programs.map((p) => [p.id, p]));
  const first = (a.package?.items || []).map((i) => byId.get(i.program)).find((p) => p?.apply_at)
    || a.programs.find((p) => p.status === 'refer' && p.apply_at);
  if (!first) return null;
  return h('section', { class: 'next-step', 'aria-labelledby': 'hm-next' },
    h('h3', { id: 'hm-next' }, t(lang, 'firstStep')),
    h('p', {}, t(lang, 'firstStepText', { program: pick(lang, first.name), where: pick(lang, first.apply_at) })),
    first.documents?.length ? h('ul', {}, first.documents.map((d) => h('li', {}, pick(lang, d)))) : null);
}

/** The questions that would settle the most programs, each once (at most three). */
export function topQuestions(lang, qs, ctx) {
  const seen = new Set();
  const items = [];
  for (const q of qs) {
    const text = ctx.questionText(q);
    if (seen.has(text)) continue;
    seen.add(text);
    items.push(h('li', {}, text));
    if (items.length === 3) break;
  }
  return items.length ? h('section', { class: 'top-questions' }, h('p', {}, t(lang, 'answerThese')), h('ol', {}, items)) : null;
}

/**
 * Whether a curve's end hands the program to the office rather than ending it (`after` is
 * `refer`, from a figure past its known date or an unsourced one): then neither the chart nor
 * the words may say that the program no longer applies.
 */
export function officeDecidesAfter(curve) {
  return Boolean(curve.ends_at && curve.after && curve.after !== 'ineligible');
}

/** The SVG chart of a curve computed by the engine (drawing only: every figure is the engine's). */
export function curveChart(lang, curve, text) {
  // Drawn 400 units wide, so on a phone (about 350 px) a unit is nearly a pixel and the 16-unit
  // text reads at about 14 px; large-text mode scales it (style.css).
  const W = 400; const H = 260; const L = 56; const R = 12; const T = 28; const B = 56;
  const id = `chart-${curve.program}`;
  const xs = curve.points.map((p) => Number(p.income));
  const ys = curve.points.map((p) => Number(p.monthly || 0));
  const xmax = Math.max(...xs, 1);
  const ymax = Math.max(...ys, 1);
  const X = (v) => L + ((W - L - R) * v) / xmax;
  const Y = (v) => H - B - ((H - T - B) * v) / ymax;
  // Only what the engine decided is drawn, as one line per run of decided points: a point it
  // leaves to the office (`refer`) has no amount, and drawing it as zero would say the program
  // stops there. Each run left to the office is shaded from where it starts (the curve's end,
  // found to the fen, when the run follows it) to the next decided point or the right edge.
  const decided = (p) => p.status === 'eligible' || p.status === 'ineligible';
  const lines = [];
  const shaded = [];
  const end = curve.ends_at ? Number(curve.ends_at) : null;
  curve.points.forEach((p, i) => {
    if (decided(p)) {
      if (i === 0 || !decided(curve.points[i - 1])) lines.push([]);
      lines[lines.length - 1].push(`${X(xs[i]).toFixed(1)},${Y(ys[i]).toFixed(1)}`);
      if (shaded.length && shaded[shaded.length - 1].to === null) shaded[shaded.length - 1].to = X(xs[i]);
    } else if (i === 0 || decided(curve.points[i - 1])) {
      const prev = i > 0 ? xs[i - 1] : xs[i];
      const from = end !== null && end > prev && end <= xs[i] ? end : prev;
      shaded.push({ from: X(from), to: null });
    }
  });
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart', 'aria-labelledby': `${id}-title ${id}-desc` },
    s('title', { id: `${id}-title` }, text.title),
    s('desc', { id: `${id}-desc` }, text.ends || ''),
    s('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, class: 'axis' }),
    s('line', { x1: L, y1: T, x2: L, y2: H - B, class: 'axis' }),
    // Tick values under the axis, the axis names on their own lines: nothing overlaps.
    s('text', { x: L, y: H - B + 20, class: 'tick', 'text-anchor': 'middle' }, '0'),
    s('text', { x: W - R, y: H - B + 20, class: 'tick', 'text-anchor': 'end' }, String(Math.round(xmax))),
    s('text', { x: (L + W - R) / 2, y: H - 8, class: 'label', 'text-anchor': 'middle' }, text.x),
    s('text', { x: 4, y: 16, class: 'label' }, text.y),
    s('text', { x: L - 6, y: Y(ymax) + 5, class: 'tick', 'text-anchor': 'end' }, String(Math.round(ymax))),
    shaded.map(({ from, to }) => s('rect', { x: from, y: T, width: Math.max((to ?? W - R) - from, 0), height: H - B - T, class: 'office' })),
    shaded.map(({ from, to }) => s('text', { x: (from + (to ?? W - R)) / 2, y: (T + H - B) / 2, class: 'tick', 'text-anchor': 'middle' }, t(lang, 'chartOffice'))),
    lines.map((points) => s('polyline', { points: points.join(' '), class: 'curve' })));
  if (curve.ends_at) {
    const x = X(Number(curve.ends_at));
    svg.append(s('line', { x1: x, y1: T, x2: x, y2: H - B, class: officeDecidesAfter(curve) ? 'limit undecided' : 'limit' }),
      s('text', { x: Math.min(x + 4, W - R), y: T + 16, class: 'tick', 'text-anchor': x + 90 > W ? 'end' : 'start' }, `${curve.ends_at}`));
  }
  return svg;
}
