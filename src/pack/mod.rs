//! Rule packs: one directory per jurisdiction under `rules/`, named by its GB/T 2260 code
//! (`000000` is the national pack), plus `rules/regions.toml` naming the places.
//!
//! A county pack is layered over its prefecture, province and the national pack; it declares
//! only what differs (see [`crate::compile`] for how layers merge).

pub mod lean;
pub mod model;
#[cfg(feature = "authoring")]
pub mod reader;
pub mod signed;

#[cfg(feature = "authoring")]
use crate::error::LoadError;
#[cfg(feature = "authoring")]
use crate::limits;
#[cfg(feature = "authoring")]
use model::{PackDecl, Text};
#[cfg(feature = "authoring")]
use reader::{Diag, Reader};
#[cfg(feature = "authoring")]
use std::collections::BTreeMap;

/// One rule file.
#[cfg(feature = "authoring")]
#[derive(Clone, Debug)]
pub struct RuleFile {
    /// Path relative to the rules directory, with `/` separators.
    pub path: String,
    /// Contents.
    pub text: String,
    /// SHA-256 of the path and the lean contents ([`lean::lean`]), computed once (several regions' versions include it).
    digest: std::sync::OnceLock<[u8; 32]>,
}

#[cfg(feature = "authoring")]
impl RuleFile {
    /// A rule file.
    pub fn new(path: String, text: String) -> RuleFile {
        RuleFile {
            path,
            text,
            digest: std::sync::OnceLock::new(),
        }
    }

    /// Gives the digest computed ahead (by the build, for the built-in rules).
    #[cfg(feature = "authoring")]
    pub(crate) fn preset_digest(&self, digest: [u8; 32]) {
        let _ = self.digest.set(digest);
    }

    /// SHA-256 of the path, a zero byte and the contents without comments and test cases.
    pub fn digest(&self) -> [u8; 32] {
        *self
            .digest
            .get_or_init(|| lean::digest(&self.path, &lean::lean(&self.text)))
    }
}

/// All rule files, read into pack declarations.
#[cfg(feature = "authoring")]
#[derive(Clone, Debug, Default)]
pub struct Bundle {
    /// The files, in path order.
    pub files: Vec<RuleFile>,
    /// Packs by region code.
    pub packs: BTreeMap<String, PackDecl>,
    /// Names of regions, by code.
    pub regions: BTreeMap<String, Text>,
    /// Holiday calendars and marriage registries (`calendar.toml`, `registries.toml`).
    pub calendar: crate::calendar::Calendar,
}

/// The national pack's code.
pub const NATIONAL: &str = "000000";

/// Whether `s` is a six-digit code.
pub fn valid_region(s: &str) -> bool {
    s.len() == 6 && s.bytes().all(|c| c.is_ascii_digit())
}

/// The codes a region inherits from, outermost first, ending with the region itself:
/// `220723` → `000000`, `220000`, `220700`, `220723`.
pub fn lineage(region: &str) -> Vec<String> {
    let mut out = vec![NATIONAL.to_string()];
    if region == NATIONAL || !valid_region(region) {
        return out;
    }
    let province = format!("{}0000", region.get(0..2).unwrap_or("00"));
    let prefecture = format!("{}00", region.get(0..4).unwrap_or("0000"));
    for code in [province, prefecture, region.to_string()] {
        if !out.contains(&code) {
            out.push(code);
        }
    }
    out
}

#[cfg(feature = "authoring")]
impl Bundle {
    /// Reads a bundle from `(path, text)` pairs; collects every error in every file.
    pub fn from_files(files: Vec<(String, String)>) -> Result<Bundle, Vec<LoadError>> {
        let (bundle, errors) = Bundle::read(files);
        if errors.is_empty() {
            Ok(bundle)
        } else {
            Err(errors)
        }
    }

    /// Reads what can be read, returning the errors found beside it, so that a caller can go on
    /// to compile and report the problems of later stages too.
    pub fn read(mut files: Vec<(String, String)>) -> (Bundle, Vec<LoadError>) {
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let mut bundle = Bundle::default();
        let mut diags = Vec::new();
        let mut errors = Vec::new();
        if files.len() > limits::MAX_RULE_FILES {
            errors.push(whole_file(
                "",
                "limit",
                format!(
                    "{} rule files; the limit is {}",
                    files.len(),
                    limits::MAX_RULE_FILES
                ),
            ));
            return (bundle, errors);
        }
        for (path, text) in files {
            let Ok(index) = u32::try_from(bundle.files.len()) else {
                break;
            };
            if text.len() > limits::MAX_RULE_FILE_BYTES {
                errors.push(whole_file(
                    &path,
                    "limit",
                    format!("file larger than {} bytes", limits::MAX_RULE_FILE_BYTES),
                ));
                continue;
            }
            if path == "regions.toml" {
                Reader::read_regions(index, &text, &mut bundle.regions, &mut diags);
            } else if path == "calendar.toml" {
                Reader::read_calendar(index, &text, &mut bundle.calendar, &mut diags);
            } else if path == "registries.toml" {
                Reader::read_registries(index, &text, &mut bundle.calendar, &mut diags);
            } else if let Some((dir, _)) = path.split_once('/') {
                if !valid_region(dir) {
                    errors.push(whole_file(
                        &path,
                        "bad_region",
                        format!("pack directory `{dir}` is not a six-digit GB/T 2260 code"),
                    ));
                    continue;
                }
                let pack = bundle
                    .packs
                    .entry(dir.to_string())
                    .or_insert_with(|| PackDecl {
                        region: dir.to_string(),
                        ..PackDecl::default()
                    });
                pack.files.push(index);
                Reader::read(index, &text, pack, &mut diags);
            } else {
                errors.push(whole_file(
                    &path,
                    "bad_region",
                    "rule files live in a directory named by region code".into(),
                ));
                continue;
            }
            bundle.files.push(RuleFile::new(path, text));
        }
        for (file, message) in bundle.calendar.dangling() {
            errors.push(whole_file(file, "unknown_reference", message));
        }
        if !bundle.packs.contains_key(NATIONAL) && errors.is_empty() && diags.is_empty() {
            errors.push(whole_file(
                NATIONAL,
                "missing_key",
                "no national pack (directory 000000)".into(),
            ));
        }
        errors.extend(diags.into_iter().map(|d| bundle.locate(&d)));
        (bundle, errors)
    }

    /// Reads every `*.toml` file under `dir` (native builds only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_dir(dir: &std::path::Path) -> (Bundle, Vec<LoadError>) {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        collect(dir, dir, &mut files, &mut errors);
        let (bundle, more) = Bundle::read(files);
        errors.extend(more);
        (bundle, errors)
    }

    /// Gives a diagnostic its file name, line and column.
    pub fn locate(&self, d: &Diag) -> LoadError {
        let file = self.files.get(d.loc.file as usize);
        let (line, column) = file.map_or((0, 0), |f| line_col(&f.text, d.loc.offset as usize));
        LoadError {
            code: d.code,
            message: d.message.clone(),
            file: file.map_or_else(String::new, |f| f.path.clone()),
            line,
            column,
        }
    }

    /// The packs that apply to `region`, outermost first.
    pub fn chain(&self, region: &str) -> Vec<&PackDecl> {
        lineage(region)
            .iter()
            .filter_map(|c| self.packs.get(c))
            .collect()
    }

    /// Whether the region is known: a pack, a `regions.toml` entry, or any place on the list of
    /// provinces, prefectures and counties ([`crate::places`]).
    pub fn knows_region(&self, region: &str) -> bool {
        self.packs.contains_key(region)
            || self.regions.contains_key(region)
            || crate::places::contains(region)
    }
}

#[cfg(feature = "authoring")]
fn whole_file(path: &str, code: &'static str, message: String) -> LoadError {
    LoadError {
        code,
        message,
        file: path.to_string(),
        line: 0,
        column: 0,
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count().saturating_add(1);
    let col = before
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count())
        .saturating_add(1);
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

#[cfg(not(target_arch = "wasm32"))]
#[cfg(feature = "authoring")]
fn collect(
    root: &std::path::Path,
    dir: &std::path::Path,
    files: &mut Vec<(String, String)>,
    errors: &mut Vec<LoadError>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(whole_file(&dir.display().to_string(), "io", e.to_string()));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files, errors);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path
                .strip_prefix(root)
                .map(|p| {
                    p.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .unwrap_or_else(|_| path.display().to_string());
            match std::fs::metadata(&path) {
                Ok(m) if m.len() > limits::MAX_RULE_FILE_BYTES as u64 => {
                    errors.push(whole_file(
                        &rel,
                        "limit",
                        format!("file larger than {} bytes", limits::MAX_RULE_FILE_BYTES),
                    ));
                    continue;
                }
                _ => {}
            }
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push((rel, text)),
                Err(e) => errors.push(whole_file(&rel, "io", e.to_string())),
            }
        }
    }
}
