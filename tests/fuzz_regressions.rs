//! Replays the inputs of the fuzz targets through the same harness (`fuzz/harness.rs`) as
//! `cargo fuzz` does: every crash reproducer saved under `fuzz/regressions/<target>/`, and the
//! seed corpora under `fuzz/corpus/<target>/`. Each must return (`Ok` or `Err`) without
//! panicking. Running the fuzzers themselves: `scripts/fuzz` (see `fuzz/README.md`).
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};

fn inputs(dir: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(dir)
        .join(target);
    let mut out: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && p.extension().is_none_or(|x| x != "md"))
            .collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

/// Runs every input, catching panics, and fails naming each input that panicked.
fn replay(dir: &str, target: &str, run: fn(&[u8])) -> usize {
    let files = inputs(dir, target);
    let mut panicked = Vec::new();
    for f in &files {
        let data = std::fs::read(f).unwrap();
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            panicked.push(f.display().to_string());
        }
    }
    assert!(panicked.is_empty(), "panicked on: {panicked:#?}");
    files.len()
}

#[test]
fn rule_pack_regressions() {
    replay("regressions", "rule_pack", harness::rule_pack);
}

#[test]
fn expression_regressions() {
    replay("regressions", "expression", harness::expression);
}

#[test]
fn household_regressions() {
    replay("regressions", "household", harness::household);
}

#[test]
fn slots_regressions() {
    replay("regressions", "slots", harness::slots);
}

#[test]
fn seed_corpora_run_cleanly() {
    for (target, run) in [
        ("rule_pack", harness::rule_pack as fn(&[u8])),
        ("expression", harness::expression),
        ("household", harness::household),
        ("slots", harness::slots),
    ] {
        assert!(replay("corpus", target, run) > 0, "no seeds for {target}");
    }
}
