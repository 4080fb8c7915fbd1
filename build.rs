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
    let mut entries: Vec<(String, PathBuf)> = files
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(&root).unwrap_or(f);
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            (rel.join("/"), f.clone())
        })
        .collect();
    // In path order as strings, so the engine can binary-search them.
    entries.sort();
    let mut src = String::from(
        "/// Rule files built into the crate: (path relative to rules/, lean contents, SHA-256 of the\n/// path, a zero byte and the lean contents), in path order.\npub static FILES: &[(&str, &str, [u8; 32])] = &[\n",
    );
    let mut digests = Vec::with_capacity(entries.len());
    for (rel, f) in &entries {
        // The built-in copy leaves out comments and the files' own test cases (`lean`).
        let text = lean::lean(&std::fs::read_to_string(f).unwrap_or_default());
        let copy = out_dir.join("rules").join(rel);
        if let Some(parent) = copy.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if let Err(e) = std::fs::write(&copy, &text) {
            println!("cargo:warning=cannot write {}: {e}", copy.display());
        }
        // The digest `RuleFile::digest` would compute at run time, computed here once.
        let digest = lean::digest(rel, &text);
        digests.push(digest);
        let _ = writeln!(
            src,
            "    ({:?}, include_str!({:?}), {:?}),",
            rel,
            copy.display().to_string(),
            digest
        );
    }
    src.push_str("];\n");
    compiled_rules(&digests, &out_dir);
    let out = out_dir.join("embedded_rules.rs");
    if let Err(e) = std::fs::write(&out, src) {
        println!("cargo:warning=cannot write embedded rules: {e}");
    }
    places(&root, &out_dir);
    authoring_rules(&entries, &out_dir);
}

/// The codes of every place a resident can choose (`rules/places.tsv`), as a sorted array the
/// engine binary-searches; the names stay out of the binary (the page reads `www/places.json`).
fn places(root: &Path, out_dir: &Path) {
    let text = std::fs::read_to_string(root.join("places.tsv")).unwrap_or_default();
    let mut codes: Vec<u32> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next()?.parse().ok())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    // Each code as its difference from the one before (the first from zero): sorted codes are
    // close together, so nearly every difference fits 16 bits and the list costs half the bytes.
    // A larger one is written as 0xFFFF steps ("add 65,535 and go on") and the rest.
    let mut deltas = Vec::with_capacity(codes.len());
    let mut prev = 0u32;
    for c in &codes {
        let mut d = c - prev;
        while d >= 0xFFFF {
            deltas.push(0xFFFFu16);
            d -= 0xFFFF;
        }
        deltas.push(d as u16);
        prev = *c;
    }
    let mut src = format!(
        "/// Codes of every place in `rules/places.tsv`, sorted, each as its difference from the\n/// one before.\npub static PLACE_DELTAS: [u16; {}] = [\n",
        deltas.len()
    );
    for chunk in deltas.chunks(16) {
        let line: Vec<String> = chunk.iter().map(u16::to_string).collect();
        let _ = writeln!(src, "    {},", line.join(", "));
    }
    src.push_str("];\n");
    if let Err(e) = std::fs::write(out_dir.join("places.rs"), src) {
        println!("cargo:warning=cannot write the place codes: {e}");
    }
}

/// The compiled form of the rules (`huimin bundle compile`), built in when the environment
/// variable `HUIMIN_COMPILED_RULES` names it, and the digest of the rule files under `rules/`
/// (SHA-256 over each file's digest, in path order) it must have been compiled from. A copy
/// compiled from other files fails the build.
fn compiled_rules(digests: &[[u8; 32]], out_dir: &Path) {
    use sha2::{Digest, Sha256};
    println!("cargo:rerun-if-env-changed=HUIMIN_COMPILED_RULES");
    let mut h = Sha256::new();
    for d in digests {
        h.update(d);
    }
    let want: [u8; 32] = h.finalize().into();
    let mut src = format!(
        "/// SHA-256 over the digests of the rule files under `rules/`, in path order.\npub static FILES_DIGEST: [u8; 32] = {want:?};\n"
    );
    let path = std::env::var("HUIMIN_COMPILED_RULES").unwrap_or_default();
    if path.is_empty() {
        src.push_str("/// The compiled rules (none in this build).\npub static COMPILED: Option<&[u8]> = None;\n");
    } else {
        println!("cargo:rerun-if-changed={path}");
        let bytes = std::fs::read(&path).unwrap_or_default();
        if bytes.get(8..40) != Some(&want[..]) {
            eprintln!(
                "{path} was not compiled from the rule files under rules/ (or is not compiled rules): run `huimin bundle compile --out {path}` again"
            );
            std::process::exit(1);
        }
        // The payload's digest is checked here, once: the engine does not hash the bytes built
        // into it again at every start (`compiled::read_built_in`).
        let payload_ok = matches!(
            (bytes.get(40..72), bytes.get(72..)),
            (Some(digest), Some(payload)) if Sha256::digest(payload).as_slice() == digest
        );
        if !payload_ok {
            eprintln!(
                "{path} does not match its digest (truncated or altered): run `huimin bundle compile --out {path}` again"
            );
            std::process::exit(1);
        }
        let copy = out_dir.join("compiled_rules.bin");
        if let Err(e) = std::fs::write(&copy, &bytes) {
            eprintln!("cannot write {}: {e}", copy.display());
            std::process::exit(1);
        }
        src.push_str(&format!(
            "/// The compiled rules.\npub static COMPILED: Option<&[u8]> = Some(include_bytes!({:?}));\n",
            copy.display().to_string()
        ));
    }
    if let Err(e) = std::fs::write(out_dir.join("compiled_rules.rs"), src) {
        println!("cargo:warning=cannot write the compiled rules: {e}");
    }
}

/// The rule files as written, comments and test cases included, for the rule studio (feature
/// `authoring`, `www/pkg-authoring`): an office edits the files themselves, and the cases are
/// what it checks a change against. The resident's package never includes this list.
fn authoring_rules(entries: &[(String, PathBuf)], out_dir: &Path) {
    let mut src = String::from(
        "/// Rule files as written under `rules/`: (path relative to rules/, text), in path order.\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for (rel, f) in entries {
        let _ = writeln!(
            src,
            "    ({:?}, include_str!({:?})),",
            rel,
            f.display().to_string()
        );
    }
    src.push_str("];\n");
    if let Err(e) = std::fs::write(out_dir.join("authoring_rules.rs"), src) {
        println!("cargo:warning=cannot write the authoring rules: {e}");
    }
}
