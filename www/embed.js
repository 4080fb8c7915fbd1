// Embedding example for portals: copy `www/` (with `pkg/`) to the portal's own origin and call
// mount() on any element. The region fixes the place; the resident can still change language
// and turn on large-text mode.
import { mount } from './app.js';

mount(document.getElementById('huimin-widget'), { region: '220723', lang: 'zh', elderMode: false });
