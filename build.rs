//! Embeds every rule file under `rules/` into the library, so the binary and the WebAssembly
//! package carry their default rules with them.

use std::fmt::Write as _;

#[path = "src/pack/lean.rs"]
#[allow(dead_code)]
mod lean;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    let mut src = String::from("/// Rule files built into the crate: (path relative to rules/, contents).\npub static FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap_or(f);
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        // The built-in copy leaves out comments and the files' own test cases (`lean`).
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let copy = out_dir.join("rules").join(rel.join("/"));
        if let Some(parent) = copy.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if let Err(e) = std::fs::write(&copy, lean::lean(&text)) {
            println!("cargo:warning=cannot write {}: {e}", copy.display());
        }
        let _ = writeln!(
            src,
            "    ({:?}, include_str!({:?})),",
            rel.join("/"),
            copy.display().to_string()
        );
    }
    src.push_str("];\n");
    let out = out_dir.join("embedded_rules.rs");
    if let Err(e) = std::fs::write(&out, src) {
        println!("cargo:warning=cannot write embedded rules: {e}");
    }
}
