// The policy comparison page: the form and the result table. The engine runs in a Web Worker
// (policy-worker.js); this module only reads the form, lists regions and parameters, and shows
// the tallies, setting every text with textContent.
import init, { Engine } from './pkg/huimin.js';

const $ = (id) => document.getElementById(id);
const el = (tag, text, attrs = {}) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};

const enginePromise = init().then(() => new Engine());
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
  for (const p of list.filter((x) => x.type === 'number' && x.value !== null)) {
    const label = `${p.description?.zh ?? p.id} — ${p.value} ${p.unit}`;
    select.append(el('option', label, { value: p.id, 'data-unit': p.unit, 'data-value': p.value }));
  }
}

function noteParameter() {
  const o = $('param').selectedOptions[0];
  $('param-note').textContent = o && o.value
    ? `当前值 current: ${o.dataset.value} ${o.dataset.unit}（新值用同一单位 the new value uses the same unit）`
    : '';
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
  for (const [id, c] of Object.entries(result.programs)) {
    if (c.baseline.eligible === 0 && c.reform.eligible === 0) continue;
    const tr = row([id, c.baseline.eligible, c.reform.eligible, c.newly_eligible, c.newly_ineligible, c.increased, c.decreased, c.cost_monthly, c.cost_annual]);
    tr.dataset.program = id;
    body.append(tr);
  }
  table.append(body);
  const out = [table];
  for (const e of result.errors) out.push(el('p', `第 ${e.line} 行 line ${e.line}: ${e.message}`, { class: 'error' }));
  $('result').replaceChildren(...out);
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
    lines: file ? await file.text() : undefined,
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
fillRegions();
