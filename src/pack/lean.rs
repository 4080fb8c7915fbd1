//! The part of a rule file that decides results: the text without full-line comments, blank
//! lines and `[[cases]]` (the file's own test households). The built-in rules carry only this
//! part, and a pack's version hashes only this part, so both agree with the rules directory.
//!
//! Shared with `build.rs` (included by path), so it uses nothing outside `std` but `sha2`, which
//! is a build dependency too.

/// Whether a line opens or closes a multi-line string (an odd number of `'''` or `"""`).
fn toggles_multiline(line: &str) -> bool {
    (line.matches("'''").count() ^ line.matches("\"\"\"").count()) & 1 == 1
}

/// Whether a table header belongs to the test cases.
fn is_case_header(trimmed: &str) -> bool {
    ["[[cases]]", "[[cases.", "[cases."]
        .iter()
        .any(|p| trimmed.starts_with(p))
}

/// The rule text without full-line comments, blank lines and test cases. Lines inside
/// multi-line strings are kept as they are. Applying it twice gives the same text.
pub fn lean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut in_cases = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let keep = if in_string {
            in_string = !toggles_multiline(line);
            !in_cases
        } else if trimmed.is_empty() || trimmed.starts_with('#') {
            false
        } else {
            if trimmed.starts_with('[') {
                in_cases = is_case_header(trimmed);
            }
            in_string = toggles_multiline(line);
            !in_cases
        };
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// SHA-256 of a rule file's path, a zero byte and its lean contents (`lean_text`, already
/// [`lean`]ed): what a bundle's hash covers per file. The build computes it for the built-in
/// files, the engine for any other.
pub fn digest(path: &str, lean_text: &str) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(path.as_bytes());
    h.update([0]);
    h.update(lean_text.as_bytes());
    h.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::lean;

    #[test]
    fn drops_comments_blank_lines_and_cases_only() {
        let q = "'''";
        let text = format!(
            "# a comment\n[pack]\nregion = \"000000\" # kept\n\n[[cases]]\nname = \"x\"\n\
             [cases.household]\nhukou = \"urban\"\n[[cases.more]]\na = 1\n\
             [programs.p]\nnote = {q}\n# inside a string\n[not.a.header]\n{q}\n\
             [[cases]]\nt = {q}\n[programs.q]\n{q}\n[sources.s]\nx = 1\n"
        );
        let lean_text = lean(&text);
        assert_eq!(
            lean_text,
            format!(
                "[pack]\nregion = \"000000\" # kept\n[programs.p]\nnote = {q}\n\
                 # inside a string\n[not.a.header]\n{q}\n[sources.s]\nx = 1\n"
            )
        );
        assert_eq!(lean(&lean_text), lean_text);
    }
}
