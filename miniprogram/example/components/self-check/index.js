// The self-check as a mini-program custom component: the questions the engine asks next, one at
// a time, and the results with the package first. No rule logic: every question, choice, status
// and amount comes from the engine (the same `Engine` as on the web, loaded by ../../huimin-mp.js).
// The page calls `start(engine, { region, date, lang })`.

/** Sets `value` at a path such as `members[0].income` in `obj`. */
function setPath(obj, path, value) {
  const keys = [];
  for (const part of path.split('.')) {
    const m = /^([a-z_]+)(?:\[(\d+)\])?$/.exec(part);
    if (!m) return;
    keys.push(m[1]);
    if (m[2] !== undefined) keys.push(Number(m[2]));
  }
  let v = obj;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) { v[k] = value; return; }
    if (v[k] === null || typeof v[k] !== 'object') v[k] = typeof keys[i + 1] === 'number' ? [] : {};
    v = v[k];
  });
}

const WORDS = {
  zh: {
    eligible: '可能符合条件', ineligible: '不符合条件', needs_info: '还需要更多信息', refer: '请向民政部门咨询',
    skip: '不清楚，跳过', confirm: '确定', results: '查看结果', onlyMe: '只有我自己',
    noCert: '没有残疾人证', yes: '是', no: '否', none: '以上都没有', total: '合计：', atLeast: '至少', upTo: '最高',
    applyAt: '到哪里申请：', perMonth: '元/月', perYear: '元/年', once: '一次性', amountUnknown: '金额由民政部门核定',
    packageTitle: '您家可能获得的待遇', nothing: '按目前的回答，还没有可以确定领取的待遇。',
  },
  en: {
    eligible: 'May qualify', ineligible: 'Does not qualify', needs_info: 'More information needed', refer: 'Ask the office',
    skip: "I don't know, skip", confirm: 'OK', results: 'See results', onlyMe: 'Only me',
    noCert: 'No disability certificate', yes: 'Yes', no: 'No', none: 'None of these', total: 'Total: ', atLeast: 'at least ', upTo: 'up to ',
    applyAt: 'Where to apply: ', perMonth: 'yuan a month', perYear: 'yuan a year', once: 'one-off', amountUnknown: 'amount set by the office',
    packageTitle: 'What your household may receive', nothing: 'Nothing can be confirmed from the answers so far.',
  },
};

const pick = (lang, text) => (text ? (lang === 'en' ? text.en : text.zh) : '');

/** An amount in words: by month, by year, or once; "至少" when it is a lower bound. */
function amountText(w, a) {
  if (!a) return w.amountUnknown;
  const low = a.at_least ? w.atLeast : a.up_to ? w.upTo : '';
  if (a.period === 'once') return `${w.once} ${low}${a.once}`;
  if (a.period === 'year') return `${low}${a.annual} ${w.perYear}`;
  return `${low}${a.monthly} ${w.perMonth}`;
}

Component({
  data: {
    view: 'loading', lang: 'zh', w: WORDS.zh,
    question: null, answered: 0, results: [], pkg: null, input: '', picked: [],
  },
  methods: {
    /** Starts with an engine (from huimin-mp.js `load()`), a region code and a date. */
    start(engine, { region, date, lang = 'zh' } = {}) {
      this.engine = engine;
      this.hh = region ? { region } : {};
      // Today in Beijing time unless the page names a date.
      this.date = date || new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
      this.skipped = new Set();
      this.fields = new Map(engine.form().map((f) => [f.fact, f]));
      this.setData({ lang, w: WORDS[lang] || WORDS.zh, answered: 0 });
      this.next();
      // While the resident answers, the engine runs once what the results ask of it, so that
      // the runtime has compiled that code when they are asked for (nothing is shown or kept).
      setTimeout(() => {
        try { engine.warm(this.hh.region, this.date); } catch (e) { /* a warm-up only */ }
      }, 1000);
    },

    /** Shows the next question the engine asks, or the results when none is left. */
    next() {
      const qs = this.engine.nextQuestions(this.hh, this.date).filter((q) => !this.skipped.has(q.path));
      if (!qs.length) { this.showResults(); return; }
      const q = qs[0];
      const field = q.field || this.fields.get(q.fact.replace(/^supporter\./, 'member.')) || { kind: 'unknown', choices: [] };
      const lang = this.data.lang;
      this.current = q;
      this.setData({
        view: 'ask',
        input: '',
        picked: [],
        question: {
          path: q.path,
          fact: q.fact,
          kind: field.kind,
          text: pick(lang, q.text) || q.fact,
          help: pick(lang, q.help),
          choices: (field.choices || []).map((c) => ({ value: c.value, label: pick(lang, c.label) })),
        },
      });
    },

    answerWith(value) {
      setPath(this.hh, this.current.path, value);
      this.setData({ answered: this.data.answered + 1 });
      this.next();
    },

    /** A tap on a choice (`data-value`), a yes/no, or "none". */
    onChoice(e) {
      const { value } = e.currentTarget.dataset;
      const kind = this.data.question.kind;
      if (kind === 'bool') this.answerWith(value === 'true');
      else if (kind === 'disability') this.answerWith(null);
      else if (kind === 'people') this.answerWith([{ id: 'p1', relation: 'applicant' }]);
      else if (kind === 'date_or_none') this.answerWith(null);
      else this.answerWith(value);
    },

    onToggle(e) {
      const { value } = e.currentTarget.dataset;
      const picked = this.data.picked.includes(value)
        ? this.data.picked.filter((v) => v !== value) : [...this.data.picked, value];
      this.setData({ picked });
    },

    onInput(e) { this.setData({ input: e.detail.value }); },

    /** Confirms a list, an amount, a count, a date or an income. */
    onConfirm() {
      const { kind, fact } = this.data.question;
      const text = String(this.data.input).trim();
      if (kind === 'multi') {
        this.answerWith(fact === 'assets.vehicles' ? this.data.picked.map((k) => ({ kind: k })) : this.data.picked);
      } else if (kind === 'income') {
        this.answerWith(text ? { wage: text } : {});
      } else if (kind === 'count' || kind === 'choice_count') {
        if (/^\d+$/.test(text)) this.answerWith(Number(text));
      } else if (text) {
        this.answerWith(text);
      }
    },

    onSkip() { this.skipped.add(this.current.path); this.next(); },

    /** The results: the package first, then each program's status and amount. */
    showResults() {
      const lang = this.data.lang;
      const w = this.data.w;
      // Texts in the language shown alone, citations and stale figures written once: it reads
      // none of those, so the references need no resolving (www/refs.js does it where needed).
      const a = this.engine.assessWithRefs(this.hh, this.date, { topic: 'benefits', lang: lang === 'en' ? 'en' : 'zh' });
      const pkg = a.package;
      this.setData({
        view: 'results',
        pkg: pkg ? {
          items: pkg.items.map((i) => `${pick(lang, i.name)}：${amountText(w, i.amount)}`),
          // A total only where some amount is known.
          total: pkg.items.some((i) => i.amount)
            ? `${w.total}${pkg.at_least || pkg.incomplete ? w.atLeast : ''}${pkg.monthly} ${w.perMonth}` : '',
        } : null,
        results: a.programs.filter((p) => p.status !== 'ineligible').map((p) => ({
          id: p.id,
          name: pick(lang, p.name),
          status: p.status,
          statusText: w[p.status],
          amount: p.amount ? amountText(w, p.amount) : '',
          applyAt: p.apply_at ? `${w.applyAt}${pick(lang, p.apply_at)}` : '',
        })),
      });
    },
  },
});
