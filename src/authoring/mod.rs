//! The rule studio (`www/studio.html`): what a civil-affairs office needs to keep its rule pack
//! current without a terminal. [`view`] shows each place's figures with their dated history and
//! sources, the packs' cases with their results, the lints and the coverage report; [`edit`]
//! records a new figure by editing the rule file's text (as a person would) and refuses what the
//! engine refuses, naming the field; [`impact`] compares the rules before and after over a
//! population (JSON Lines, or CSV read by [`csv`]); [`place`] starts a new place's pack from the
//! template; [`publish`] gives the changed files with a line diff and a signed bundle.
//!
//! Everything here works on rule files as text (`path → text`), so the studio can hand the
//! office exactly the files it would commit. Built with the feature `authoring` (the CLI turns
//! it on; the resident's WebAssembly package leaves it out).

pub mod csv;
pub mod edit;
pub mod impact;
pub mod place;
pub mod publish;
pub mod view;

use crate::error::{Error, LoadError};
use std::collections::BTreeMap;

/// Rule files: path relative to the rules directory (`220723/dibao.toml`) → text.
pub type Files = BTreeMap<String, String>;

mod full {
    include!(concat!(env!("OUT_DIR"), "/authoring_rules.rs"));
}

/// The built-in rule files as written: comments and test cases included (the engine's own copy
/// leaves them out).
pub fn builtin_files() -> Files {
    full::FILES
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

/// Reads and compiles rule files: the engine, or every error found while reading and
/// compiling them (as `huimin check` reports them).
pub fn load(files: &Files) -> Result<crate::Engine, Vec<LoadError>> {
    let list = files.iter().map(|(p, t)| (p.clone(), t.clone())).collect();
    match crate::Engine::from_texts(list) {
        Ok(e) => Ok(e),
        Err(Error::Load { errors }) => Err(errors),
        Err(other) => Err(vec![LoadError {
            code: other.code(),
            message: other.to_string(),
            file: String::new(),
            line: 0,
            column: 0,
        }]),
    }
}
