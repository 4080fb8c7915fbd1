// Loads the huimin engine in a WeChat-style mini program (also Alipay and Douyin, whose
// MYWebAssembly / TTWebAssembly have the same path-only shape).
//
//   const { load } = require('./huimin/huimin-mp.js');
//   const engine = await load({ wasmPath: '/huimin/huimin_bg.wasm' });
//   const result = engine.assess(household, '2026-11-23');
//
// The runtime has no `WebAssembly` global (only `WXWebAssembly.instantiate(path, imports)`,
// which takes a path inside the code package), no TextEncoder/TextDecoder and no eval: the
// polyfill comes first, and the glue (wasm-bindgen, `--target no-modules`, with its import
// object and finalize step exposed by the build) is instantiated through the runtime's loader.
require('./text-polyfill.js');
const glue = require('./pkg/huimin.js');

function runtimeLoader() {
  const g = typeof globalThis !== 'undefined' ? globalThis : {};
  /* global WXWebAssembly, MYWebAssembly, TTWebAssembly */
  if (typeof WXWebAssembly !== 'undefined') return WXWebAssembly;
  if (typeof MYWebAssembly !== 'undefined') return MYWebAssembly;
  if (typeof TTWebAssembly !== 'undefined') return TTWebAssembly;
  return g.WebAssembly;
}

let loaded = null;

/**
 * Instantiates the engine once and returns an `Engine` (the same API as on the web).
 * @param {{ wasmPath?: string, loader?: { instantiate(path: string, imports: object): Promise<any> } }} [options]
 */
function load(options = {}) {
  if (loaded) return loaded;
  const wasmPath = options.wasmPath || '/huimin/huimin_bg.wasm';
  const loader = options.loader || runtimeLoader();
  if (!loader || typeof loader.instantiate !== 'function') {
    return Promise.reject(new Error('no WebAssembly loader (WXWebAssembly) in this runtime'));
  }
  loaded = Promise.resolve(loader.instantiate(wasmPath, glue.__wbg_get_imports()))
    .then((r) => {
      glue.__wbg_finalize_init(r.instance, r.module);
      return new glue.Engine();
    })
    .catch((e) => { loaded = null; throw e; });
  return loaded;
}

module.exports = { load, version: () => glue.version() };
