//! Publishing a change: the changed rule files with a line diff (and as one patch that
//! `git apply` takes from the repository's root), and the rules as a bundle, signed with the
//! office's Ed25519 secret key or left unsigned for `huimin bundle sign`.

use super::Files;
use crate::error::Error;
use crate::pack::signed;
use serde::Serialize;
use std::fmt::Write as _;

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    /// `=` kept, `-` removed, `+` added.
    pub op: &'static str,
    /// Line number in the old text.
    pub old: Option<u32>,
    /// Line number in the new text.
    pub new: Option<u32>,
    /// The line, without its line break.
    pub text: String,
}

/// The lines of `text`, each without its line break, and whether the last one had one.
fn lines_of(text: &str) -> (Vec<&str>, bool) {
    let ends = text.is_empty() || text.ends_with('\n');
    let list = text
        .split_inclusive('\n')
        .map(|l| l.strip_suffix('\n').unwrap_or(l))
        .collect();
    (list, ends)
}

fn num(i: usize) -> Option<u32> {
    u32::try_from(i.saturating_add(1)).ok()
}

/// A line diff of two texts: the common start and end kept, the middle by longest common
/// subsequence (the middle of a recorded change is a few lines; a middle too large to compare
/// line by line is given as removed and added whole).
pub fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let (a, _) = lines_of(old);
    let (b, _) = lines_of(new);
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let rest_a = a.len().saturating_sub(prefix);
    let rest_b = b.len().saturating_sub(prefix);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(rest_a.min(rest_b))
        .take_while(|(x, y)| x == y)
        .count();
    let mid_a = a
        .get(prefix..a.len().saturating_sub(suffix))
        .unwrap_or_default();
    let mid_b = b
        .get(prefix..b.len().saturating_sub(suffix))
        .unwrap_or_default();
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    for i in 0..prefix {
        out.push(DiffLine {
            op: "=",
            old: num(i),
            new: num(i),
            text: a.get(i).copied().unwrap_or("").to_string(),
        });
    }
    middle(mid_a, mid_b, prefix, &mut out);
    let (sa, sb) = (
        a.len().saturating_sub(suffix),
        b.len().saturating_sub(suffix),
    );
    for k in 0..suffix {
        out.push(DiffLine {
            op: "=",
            old: num(sa.saturating_add(k)),
            new: num(sb.saturating_add(k)),
            text: a
                .get(sa.saturating_add(k))
                .copied()
                .unwrap_or("")
                .to_string(),
        });
    }
    out
}

/// The differing middle, by longest common subsequence.
fn middle(a: &[&str], b: &[&str], start: usize, out: &mut Vec<DiffLine>) {
    let (n, m) = (a.len(), b.len());
    let cells = n.saturating_add(1).saturating_mul(m.saturating_add(1));
    let line = |op, i: Option<usize>, j: Option<usize>, text: &str| DiffLine {
        op,
        old: i.and_then(|i| num(start.saturating_add(i))),
        new: j.and_then(|j| num(start.saturating_add(j))),
        text: text.to_string(),
    };
    if cells > 4_000_000 {
        out.extend(
            a.iter()
                .enumerate()
                .map(|(i, t)| line("-", Some(i), None, t)),
        );
        out.extend(
            b.iter()
                .enumerate()
                .map(|(j, t)| line("+", None, Some(j), t)),
        );
        return;
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let w = m.saturating_add(1);
    let mut lcs = vec![0u32; cells];
    let at = |i: usize, j: usize| i.saturating_mul(w).saturating_add(j);
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let v = if a.get(i) == b.get(j) {
                lcs.get(at(i.saturating_add(1), j.saturating_add(1)))
                    .copied()
                    .unwrap_or(0)
                    .saturating_add(1)
            } else {
                let down = lcs.get(at(i.saturating_add(1), j)).copied().unwrap_or(0);
                let right = lcs.get(at(i, j.saturating_add(1))).copied().unwrap_or(0);
                down.max(right)
            };
            if let Some(c) = lcs.get_mut(at(i, j)) {
                *c = v;
            }
        }
    }
    let (mut i, mut j) = (0usize, 0usize);
    while i < n || j < m {
        let get = |i: usize, j: usize| lcs.get(at(i, j)).copied().unwrap_or(0);
        if i < n && j < m && a.get(i) == b.get(j) {
            out.push(line("=", Some(i), Some(j), a.get(i).copied().unwrap_or("")));
            i = i.saturating_add(1);
            j = j.saturating_add(1);
        } else if i < n && (j >= m || get(i.saturating_add(1), j) >= get(i, j.saturating_add(1))) {
            // Removed lines before added ones, as diffs are read.
            out.push(line("-", Some(i), None, a.get(i).copied().unwrap_or("")));
            i = i.saturating_add(1);
        } else {
            out.push(line("+", None, Some(j), b.get(j).copied().unwrap_or("")));
            j = j.saturating_add(1);
        }
    }
}

/// A changed file.
#[derive(Clone, Debug, Serialize)]
pub struct FileChange {
    /// Path relative to the rules directory.
    pub path: String,
    /// The file is new.
    pub added: bool,
    /// The text after the change.
    pub text: String,
    /// Lines added.
    pub added_lines: usize,
    /// Lines removed.
    pub removed_lines: usize,
    /// The diff's hunks: changed lines with up to three lines around them.
    pub hunks: Vec<Vec<DiffLine>>,
}

/// The files that differ between `before` and `after`, with their diffs.
pub fn changes(before: &Files, after: &Files) -> Vec<FileChange> {
    after
        .iter()
        .filter(|(p, t)| before.get(*p) != Some(*t))
        .map(|(path, text)| {
            let old = before.get(path).map_or("", String::as_str);
            let diff = line_diff(old, text);
            FileChange {
                path: path.clone(),
                added: !before.contains_key(path),
                text: text.clone(),
                added_lines: diff.iter().filter(|l| l.op == "+").count(),
                removed_lines: diff.iter().filter(|l| l.op == "-").count(),
                hunks: hunks(&diff, 3),
            }
        })
        .collect()
}

/// Groups a diff into hunks with `context` unchanged lines around the changes.
pub fn hunks(diff: &[DiffLine], context: usize) -> Vec<Vec<DiffLine>> {
    let changed: Vec<usize> = diff
        .iter()
        .enumerate()
        .filter(|(_, l)| l.op != "=")
        .map(|(i, _)| i)
        .collect();
    let mut out: Vec<Vec<DiffLine>> = Vec::new();
    let mut range: Option<(usize, usize)> = None;
    let flush = |r: (usize, usize), out: &mut Vec<Vec<DiffLine>>| {
        out.push(diff.get(r.0..r.1).unwrap_or_default().to_vec());
    };
    for &i in &changed {
        let lo = i.saturating_sub(context);
        let hi = i.saturating_add(context).saturating_add(1).min(diff.len());
        range = match range {
            Some((s, e)) if lo <= e => Some((s, e.max(hi))),
            Some(r) => {
                flush(r, &mut out);
                Some((lo, hi))
            }
            None => Some((lo, hi)),
        };
    }
    if let Some(r) = range {
        flush(r, &mut out);
    }
    out
}

/// Every change as one unified diff, paths under `rules/` so that `git apply` takes it from
/// the repository's root.
pub fn patch(before: &Files, after: &Files) -> String {
    let mut out = String::new();
    for c in changes(before, after) {
        let old_text = before.get(&c.path).map_or("", String::as_str);
        let (_, old_ends) = lines_of(old_text);
        let (new_lines, new_ends) = lines_of(&c.text);
        let (old_count, new_count) = (lines_of(old_text).0.len(), new_lines.len());
        if c.added {
            let _ = writeln!(out, "--- /dev/null");
        } else {
            let _ = writeln!(out, "--- a/rules/{}", c.path);
        }
        let _ = writeln!(out, "+++ b/rules/{}", c.path);
        for h in &c.hunks {
            // Context lines make every hunk start on a line of both sides, except in an empty
            // file, whose side starts at 0.
            let so = h.iter().find_map(|l| l.old).unwrap_or(0);
            let sn = h.iter().find_map(|l| l.new).unwrap_or(0);
            let n_old = h.iter().filter(|l| l.op != "+").count();
            let n_new = h.iter().filter(|l| l.op != "-").count();
            let _ = writeln!(out, "@@ -{so},{n_old} +{sn},{n_new} @@");
            for l in h {
                let mark = match l.op {
                    "+" => '+',
                    "-" => '-',
                    _ => ' ',
                };
                let _ = writeln!(out, "{mark}{}", l.text);
                let last_old = l.op != "+" && l.old.map(|n| n as usize) == Some(old_count);
                let last_new = l.op != "-" && l.new.map(|n| n as usize) == Some(new_count);
                if (last_old && !old_ends && l.op == "-")
                    || (last_new && !new_ends && l.op == "+")
                    || (l.op == "=" && last_old && !old_ends)
                {
                    out.push_str("\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

/// A bundle of rule files, as the self-check page loads it.
#[derive(Clone, Debug, Serialize)]
pub struct BundleOut {
    /// The bundle (JSON).
    pub text: String,
    /// Signed with the key given.
    pub signed: bool,
    /// The public key (hex) a page checks it with, when signed.
    pub public_key: Option<String>,
    /// SHA-256 of the files (hex).
    pub sha256: String,
    /// How many files it holds.
    pub files: usize,
}

/// The files as a bundle the self-check page loads, with their compiled form (format
/// `huimin-rules/2`, as `huimin bundle sign` writes it): signed with `secret` (hex, as `huimin
/// bundle keygen` writes it), or unsigned (hash only) for the CLI to sign. Only rules that load
/// are bundled.
pub fn bundle(files: &Files, secret: Option<&str>) -> Result<BundleOut, Error> {
    let engine = super::load(files).map_err(|errors| Error::Load { errors })?;
    let compiled = engine.compiled_form()?;
    let hash = signed::to_hex(&bundle_digest(files, &compiled));
    match secret {
        Some(key) => Ok(BundleOut {
            text: signed::sign_with(files.clone(), Some(&compiled), key)?,
            signed: true,
            public_key: Some(signed::public_key(key)?),
            sha256: hash,
            files: files.len(),
        }),
        None => Ok(BundleOut {
            text: serde_json::json!({
                "format": signed::FORMAT_COMPILED,
                "files": files,
                "compiled": signed::to_hex(&compiled),
                "sha256": hash,
            })
            .to_string(),
            signed: false,
            public_key: None,
            sha256: hash,
            files: files.len(),
        }),
    }
}

/// The hash a `huimin-rules/2` bundle signs (as [`signed::sign_with`] computes it: the files'
/// hash, then the compiled form); the tests check that both agree.
fn bundle_digest(files: &Files, compiled: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(signed::digest(files));
    h.update(compiled);
    h.finalize().into()
}

#[derive(serde::Deserialize)]
struct BundleDoc {
    format: String,
    files: Files,
}

/// The files of a bundle (either format), to edit them: not verified (the studio publishes only what it signs
/// again, and the page verifies what it loads).
pub fn read_bundle(text: &str) -> Result<Files, Error> {
    let refused = |path: &str, m: String| {
        Error::Input(crate::error::InputError::new("malformed_bundle", path, m))
    };
    let doc: BundleDoc = serde_json::from_str(text)
        .map_err(|e| refused("bundle", format!("not a rule bundle: {e}")))?;
    if doc.format != signed::FORMAT && doc.format != signed::FORMAT_COMPILED {
        return Err(refused(
            "format",
            format!(
                "format \"{}\" is not {} or {}",
                doc.format.chars().take(40).collect::<String>(),
                signed::FORMAT,
                signed::FORMAT_COMPILED
            ),
        ));
    }
    Ok(doc.files)
}
