// The stand-alone page: mounts the self-check with options from the address (?lang=en&elder=1&region=220723).
import { mount } from './app.js';

const params = new URLSearchParams(window.location.search);
// Signed rules are configured by whoever publishes the page, in its <meta> tags, never by the
// address: <meta name="huimin-rules" content="rules.json"> and <meta name="huimin-rules-key"
// content="(public key, hex)">. Without them the rules built into the engine are used.
const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') || '';
const rules = meta('huimin-rules') && meta('huimin-rules-key')
  ? { url: meta('huimin-rules'), publicKey: meta('huimin-rules-key') } : undefined;
const mounted = mount(document.getElementById('app'), {
  lang: params.get('lang') === 'en' ? 'en' : 'zh',
  elderMode: params.get('elder') === '1',
  region: /^\d{6}$/.test(params.get('region') || '') ? params.get('region') : undefined,
  date: /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') || '') ? params.get('date') : undefined,
  rules,
});

// Offline after the first visit: a service worker keeps a copy of the page's own files (never the
// answers, which are not sent anywhere). Only this stand-alone page registers it; a portal that
// embeds the self-check decides for its own site. Making the copy fetches the page's files again,
// so it starts two seconds after the engine is here: before, it shared the link with the engine,
// and just after, it made the first results 35 ms slower on a phone (tests/js/bench/page-ab.mjs).
if ('serviceWorker' in navigator) {
  const worker = rules ? `sw.js?rules=${encodeURIComponent(rules.url)}` : 'sw.js';
  const register = () => setTimeout(() => navigator.serviceWorker.register(worker).catch(() => {}), 2000);
  mounted.then(register, register);
}
