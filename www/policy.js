// The policy comparison page: the form and the result table. The engine runs in a Web Worker
// (policy-worker.js); this module only reads the form, lists regions and parameters, and shows
// the tallies, setting every text with textContent. Like the rule studio, it loads the officers'
// package (www/pkg-authoring).
import init, { Engine } from './pkg-authoring/huimin.js';

const $ = (id) => document.getElementById(id);
const el = (tag, text, attrs = {}) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};

const enginePromise = init().then(() => new Engine());

// Units as an officer quotes them.
const UNITS = {
  yuan: '元', yuan_per_month: '元/月', yuan_per_year: '元/年', percent: '%', ratio: '（比例）',
  months: '个月', years: '年', days: '天', count: '个', grade: '级',
};
const unitText = (u) => UNITS[u] || u;
/** A yearly figure also per month, as standards are usually quoted (450 元/月, not 5400 元/年). */
const perMonth = (value, unit) => (unit === 'yuan_per_year' ? `（即 ${(Number(value) / 12).toFixed(2)} 元/月）` : '');
let names = {};
const worker = new Worker(new URL('./policy-worker.js', import.meta.url), { type: 'module' });

async function fillRegions() {
  const engine = await enginePromise;
  const select = $('region');
  for (const r of engine.regions().filter((x) => x.has_pack && x.code !== '000000')) {
    const o = el('option', `${r.name.zh} ${r.name.en} (${r.code})`, { value: r.code });
    select.append(o);
  }
  const wanted = new URLSearchParams(window.location.search).get('region');
  select.value = /^\d{6}$/.test(wanted || '') ? wanted : '220723';
  await fillParameters();
}

/** Program names as the rules give them, for the table. */
function fillNames(engine) {
  try {
    const a = engine.assess({ region: $('region').value }, $('reform').value, { topic: 'benefits' });
    names = Object.fromEntries(a.programs.map((p) => [p.id, p.name]));
  } catch {
    names = {};
  }
}

async function fillParameters() {
  const engine = await enginePromise;
  const select = $('param');
  select.replaceChildren(el('option', '（不改 none）', { value: '' }));
  let list = [];
  try {
    list = engine.parameters($('region').value, $('reform').value);
  } catch (e) {
    $('status').textContent = e.message;
    return;
  }
  fillNames(engine);
  for (const p of list.filter((x) => x.type === 'number' && x.value !== null)) {
    const label = `${p.description?.zh ?? p.id} — ${p.value} ${unitText(p.unit)}${perMonth(p.value, p.unit)}`;
    select.append(el('option', label, { value: p.id, 'data-unit': p.unit, 'data-value': p.value }));
  }
}

function noteParameter() {
  const o = $('param').selectedOptions[0];
  $('param-note').textContent = o && o.value
    ? `当前值 current: ${o.dataset.value} ${unitText(o.dataset.unit)}${perMonth(o.dataset.value, o.dataset.unit)}；新值请用同一单位（${unitText(o.dataset.unit)}） the new value uses the same unit`
    : '';
  checkValue();
}

/**
 * Warns (without refusing) when the new figure would cut the current one, or looks like the
 * right figure in another unit: a twelfth or twelve times a yearly figure, a hundredth or a
 * hundred times a ratio.
 */
function checkValue() {
  const o = $('param').selectedOptions[0];
  const warn = $('value-warning');
  warn.textContent = '';
  const now = Number(o?.dataset.value);
  const next = Number($('value').value.trim());
  if (!o?.value || !Number.isFinite(now) || !Number.isFinite(next) || $('value').value.trim() === '' || now === 0) return;
  const r = next / now;
  const near = (x) => Math.abs(r - x) / x < 0.15;
  const unit = o.dataset.unit;
  if (unit === 'yuan_per_year' && near(1 / 12)) {
    warn.textContent = `注意：${next} 约为当前年标准的十二分之一，是否输入了月标准？本参数单位为 元/年（当前 ${now}）。 This looks like a monthly figure; the unit is yuan a year.`;
  } else if (unit === 'yuan_per_month' && near(12)) {
    warn.textContent = `注意：${next} 约为当前月标准的12倍，是否输入了年标准？本参数单位为 元/月。 This looks like a yearly figure; the unit is yuan a month.`;
  } else if (unit === 'ratio' && near(100)) {
    warn.textContent = `注意：比例用小数表示（如 0.2 表示20%）。 A ratio is a decimal (0.2 for 20%).`;
  } else if (next < now) {
    warn.textContent = `注意：新值低于当前值 ${now}，这会降低标准。 The new value cuts the current one (${now}).`;
  }
}

function row(cells, header = false) {
  const tr = el('tr');
  for (const c of cells) tr.append(el(header ? 'th' : 'td', c, header ? { scope: 'col' } : {}));
  return tr;
}

function show(result) {
  const table = el('table', undefined, { class: 'comparison' });
  table.append(el('caption', `${result.households} 户 households · ${result.malformed} 行无法测算 malformed · ${result.ms.toFixed(0)} ms`));
  const head = el('thead');
  head.append(row(['项目 program', '基准 baseline', '改革 reform', '新纳入 newly eligible', '退出 newly ineligible', '增加 up', '减少 down', '月支出变化 cost / month', '年支出变化 cost / year'], true));
  table.append(head);
  const body = el('tbody');
  const labels = ['项目 program', '基准 baseline', '改革 reform', '新纳入 newly eligible', '退出 newly ineligible', '增加 up', '减少 down', '月支出变化 cost / month', '年支出变化 cost / year'];
  for (const [id, c] of Object.entries(result.programs)) {
    if (c.baseline.eligible === 0 && c.reform.eligible === 0) continue;
    // A program granted with no amount on either side has no cost the rules can state.
    const noAmount = [c.baseline.monthly, c.reform.monthly, c.baseline.annual, c.reform.annual]
      .every((v) => Number(v) === 0);
    const cost = (v) => (noAmount ? '金额未设定 amount not set' : v);
    const name = names[id] ? `${names[id].zh} ${names[id].en}` : id;
    const tr = row([name, c.baseline.eligible, c.reform.eligible, c.newly_eligible, c.newly_ineligible, c.increased, c.decreased, cost(c.cost_monthly), cost(c.cost_annual)]);
    [...tr.children].forEach((td, i) => td.setAttribute('data-label', labels[i]));
    tr.dataset.program = id;
    body.append(tr);
  }
  table.append(body);
  const out = [table];
  for (const e of result.errors) out.push(el('p', `第 ${e.line} 行 line ${e.line}: ${e.message}`, { class: 'error' }));
  $('result').replaceChildren(...out);
}

/**
 * A file's text as an office saved it: UTF-8 (a byte-order mark dropped) or, when it is not
 * valid UTF-8, GB18030 (GBK), as Excel on a Chinese Windows writes it; says which.
 */
async function readText(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    $('status').textContent = '文件不是 UTF-8 编码，已按 GB18030（GBK）读取 The file is not UTF-8; read as GB18030 (GBK)';
    return new TextDecoder('gb18030').decode(bytes);
  }
}

async function run(event) {
  event.preventDefault();
  const param = $('param').value;
  const value = $('value').value.trim();
  if (param && !/^-?\d+(\.\d+)?$/.test(value)) {
    $('status').textContent = '请输入数字新值 Enter the new value as a number';
    $('value').focus();
    return;
  }
  const set = param ? { [param]: value } : {};
  const file = $('file').files[0];
  const job = {
    region: $('region').value,
    baseline: { date: $('baseline').value, set: {} },
    reform: { date: $('reform').value, set },
    n: Math.max(1, Math.min(200000, Number($('n').value) || 2000)),
    seed: Math.max(0, Number($('seed').value) || 0),
    lines: file ? await readText(file) : undefined,
  };
  $('run').disabled = true;
  $('status').textContent = '测算中… Computing…';
  worker.postMessage(job);
}

worker.onmessage = (event) => {
  $('run').disabled = false;
  const m = event.data;
  if (m.ok) {
    $('status').textContent = '完成 Done';
    show(m.result);
  } else {
    $('status').textContent = `${m.error.message}${m.error.path ? ` (${m.error.path})` : ''}`;
  }
};

$('policy').addEventListener('submit', run);
$('region').addEventListener('change', fillParameters);
$('reform').addEventListener('change', fillParameters);
$('param').addEventListener('change', noteParameter);
$('value').addEventListener('input', checkValue);
fillRegions();
