// The example page: loads the engine from the code package and starts the self-check component.
// huimin-mp.js, text-polyfill.js and pkg/ are copied into huimin/ (see ../README.md).
const { load } = require('../../huimin/huimin-mp.js');

Page({
  async onLoad(query) {
    const engine = await load({ wasmPath: '/huimin/huimin_bg.wasm' });
    this.selectComponent('#self-check').start(engine, {
      region: /^\d{6}$/.test(query.region || '') ? query.region : undefined,
      date: query.date,
      lang: query.lang === 'en' ? 'en' : 'zh',
    });
  },
});
