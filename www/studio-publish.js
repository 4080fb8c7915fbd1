// Step 5 of the rule studio: the changed rule files with their line diffs, each downloadable,
// every change as one patch, and the rules as a bundle signed with the office's key (read from a
// file chosen on this device for the one signature, never kept) or unsigned.
import { h } from './dom.js';
import { t } from './studio-text.js';

/** Offers text as a file download (nothing is sent anywhere). */
function download(name, text, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file's name for a download: `220723/dibao.toml` → `220723-dibao.toml`. */
const flat = (path) => path.replaceAll('/', '-');

function diffView(change) {
  const pre = h('pre', { class: 'diff', tabindex: '0', 'aria-label': change.path });
  change.hunks.forEach((hunk, i) => {
    if (i) pre.append(h('span', { class: 'gap' }, '⋯\n'));
    for (const l of hunk) {
      const mark = l.op === '=' ? ' ' : l.op === '+' ? '+' : '−';
      const no = String(l.new ?? l.old ?? '').padStart(4, ' ');
      pre.append(h('span', { class: l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'ctx' }, `${no} ${mark} ${l.text}\n`));
    }
  });
  return pre;
}

export function publishSection(ctx) {
  const { st } = ctx;
  const lang = st.lang;
  const section = h('section', { class: 'step', 'aria-labelledby': 'publish-title' },
    h('h2', { id: 'publish-title', tabindex: '-1' }, t(lang, 'publishTitle')),
    h('p', {}, t(lang, 'publishIntro')));
  if (!st.overview?.ok) return section;
  const changes = st.studio.changes();
  if (!changes.length) {
    section.append(h('p', {}, t(lang, 'noChanges')));
  } else {
    section.append(h('h3', {}, t(lang, 'changedFiles', { n: changes.length })), h('p', { class: 'hint' }, t(lang, 'whereFiles')));
    for (const c of changes) {
      section.append(h('div', { class: 'file-change', 'data-path': c.path },
        h('h4', {}, h('code', {}, c.path), ' ', h('span', { class: 'hint' }, t(lang, 'linesChanged', { a: c.added_lines, r: c.removed_lines }))),
        diffView(c),
        h('button', { type: 'button', class: 'secondary download-file', 'data-path': c.path,
          onclick: () => download(flat(c.path), c.text, 'application/toml') }, t(lang, 'downloadFile', { name: c.path }))));
    }
    section.append(h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'download-patch', class: 'secondary',
        onclick: () => download('huimin-rules.diff', st.studio.patch(), 'text/x-diff') }, t(lang, 'downloadPatch'))));
  }
  section.append(bundleForm(ctx));
  return section;
}

function bundleForm(ctx) {
  const { st } = ctx;
  const lang = st.lang;
  const build = async (signed) => {
    const input = document.getElementById('key-file');
    let secret;
    if (signed) {
      const file = input.files[0];
      if (!file) {
        st.bundle = { error: t(lang, 'noKey') };
        ctx.render();
        document.getElementById('key-file')?.focus();
        return;
      }
      secret = (await file.text()).trim();
    }
    try {
      st.bundle = st.studio.bundle(secret);
    } catch (e) {
      st.bundle = { error: t(lang, 'error', { m: e.message }) };
    }
    // The key is used for this one signature: forget the file and the text.
    secret = undefined;
    input.value = '';
    ctx.render();
    document.getElementById('bundle-out')?.focus();
  };
  const b = st.bundle;
  const name = 'rules.json';
  return h('div', { class: 'bundle' },
    h('h3', {}, t(lang, 'bundleTitle')),
    h('div', { class: 'field' }, h('label', { for: 'key-file' }, t(lang, 'keyFile')), h('input', { id: 'key-file', type: 'file' })),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'sign', class: 'primary', onclick: () => build(true) }, t(lang, 'sign')),
      h('button', { type: 'button', id: 'unsigned', class: 'secondary', onclick: () => build(false) }, t(lang, 'unsigned'))),
    h('div', { id: 'bundle-out', tabindex: '-1', 'aria-live': 'polite' },
      b?.error ? h('p', { class: 'error', role: 'alert' }, b.error) : null,
      b?.text ? [
        h('p', { class: 'ok' }, t(lang, 'bundleReady', { n: b.files, hash: b.sha256.slice(0, 16) })),
        h('button', { type: 'button', id: 'download-bundle', class: 'primary', onclick: () => download(name, b.text, 'application/json') }, t(lang, 'downloadBundle', { name })),
        b.signed ? [
          h('p', {}, t(lang, 'publicKey')), h('pre', { id: 'public-key', class: 'report', tabindex: '0' }, b.public_key),
          h('p', {}, t(lang, 'pageConfig')),
          h('pre', { class: 'report', tabindex: '0' }, `<meta name="huimin-rules" content="${name}">\n<meta name="huimin-rules-key" content="${b.public_key}">`),
        ] : h('p', { class: 'warning' }, t(lang, 'unsignedNote')),
      ] : null));
}
