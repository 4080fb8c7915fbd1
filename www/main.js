// The stand-alone page: mounts the self-check with options from the address (?lang=en&elder=1&region=220723).
import { mount } from './app.js';

const params = new URLSearchParams(window.location.search);
mount(document.getElementById('app'), {
  lang: params.get('lang') === 'en' ? 'en' : 'zh',
  elderMode: params.get('elder') === '1',
  region: /^\d{6}$/.test(params.get('region') || '') ? params.get('region') : undefined,
  date: /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') || '') ? params.get('date') : undefined,
});
