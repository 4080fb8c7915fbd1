//! One broken rule pack per load-error code (`tests/fixtures/load/<code>/`, with the expected
//! first error in `EXPECT`), and proof that every error of a pack is reported, not just the first.
#![cfg(not(target_arch = "wasm32"))]

use huimin::error::LoadError;
use huimin::{Engine, Error};
use std::path::Path;

const CODES: &[&str] = &[
    "toml_syntax",
    "unknown_key",
    "missing_key",
    "wrong_type",
    "bad_date",
    "bad_number",
    "bad_region",
    "duplicate",
    "missing_citation",
    "unknown_reference",
    "unknown_symbol",
    "syntax_error",
    "type_error",
    "cycle",
    "unit_mismatch",
    "limit",
    "bad_table",
];

fn errors(dir: &Path) -> Vec<LoadError> {
    match Engine::from_dir(dir) {
        Err(Error::Load { errors }) => errors,
        Err(other) => panic!("{}: not a load error: {other}", dir.display()),
        Ok(_) => panic!("{}: loaded without error", dir.display()),
    }
}

#[test]
fn each_fixture_reports_its_code_at_its_position() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/load");
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let expect = std::fs::read_to_string(dir.join("EXPECT")).unwrap();
        let f: Vec<&str> = expect.split_whitespace().collect();
        let [code, file, line, column] = f[..] else {
            panic!("{name}: bad EXPECT")
        };
        assert_eq!(code, name, "fixture directory and EXPECT disagree");
        let first = errors(&dir).into_iter().next().unwrap();
        assert_eq!(
            (
                first.code,
                first.file.as_str(),
                first.line.to_string(),
                first.column.to_string()
            ),
            (code, file, line.to_string(), column.to_string()),
            "{name}: {first}"
        );
        assert!(!first.message.is_empty());
        seen.push(name);
    }
    seen.sort();
    let mut want: Vec<String> = CODES.iter().map(|c| c.to_string()).collect();
    want.sort();
    assert_eq!(seen, want, "one fixture per load-error code");
}

fn write_pack(files: &[(&str, &str)]) -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "huimin-load-{}-{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

const HEADER: &str = "[pack]\nregion = \"000000\"\nname = { zh = \"全国\", en = \"National\" }\n";

#[test]
fn every_error_in_a_pack_is_reported() {
    let a = format!(
        "{HEADER}colour = 1\n[parameters.p]\nunit = \"count\"\nvalues = [ {{ from = 2021-01-01T00:00:00, value = 1, unsourced = \"x\" }} ]\n"
    );
    let b = "[household.x]\nexpr = \"nothing * 2\"\n[household.y]\nexpr = 'hukou == \"citty\"'\n";
    let dir = write_pack(&[("000000/a.toml", &a), ("000000/b.toml", b)]);
    let errs = errors(&dir);
    let found: Vec<(&str, &str, u32)> = errs
        .iter()
        .map(|e| (e.code, e.file.as_str(), e.line))
        .collect();
    for want in [
        ("unknown_key", "000000/a.toml", 4),
        ("bad_date", "000000/a.toml", 7),
        ("unknown_reference", "000000/b.toml", 2),
        ("unknown_symbol", "000000/b.toml", 4),
    ] {
        assert!(found.contains(&want), "{want:?} not in {found:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_shipped_rules_load_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    if let Err(e) = Engine::from_dir(&dir) {
        panic!("rules/ does not load:\n{e}");
    }
}

/// A misspelt parameter in a child pack is named with the one meant; an unknown unit is named as
/// unknown (not as a conversion that is not exact).
#[test]
fn misspellings_are_named() {
    let national = format!(
        "{HEADER}[sources.s]\ntitle = \"t\"\npublisher = \"p\"\ndate = 2018-01-01\n\
         [parameters.dibao_standard_urban]\nunit = \"yuan_per_year\"\nvalues = []\n\
         [parameters.months_cap]\nunit = \"months\"\nlater = \"unchanged\"\nvalues = [ {{ from = 2018-01-01, value = 2, unit = \"monthz\", source = \"s\" }} ]\n"
    );
    let county = "[pack]\nregion = \"220723\"\nname = { zh = \"乾安县\", en = \"Qian'an\" }\n\
         [parameters.dibao_standrad_urban]\nvalues = [ { from = 2018-01-01, value = 450, source = \"s\" } ]\n";
    let dir = write_pack(&[
        ("000000/pack.toml", &national),
        ("220723/pack.toml", county),
    ]);
    let errs = errors(&dir);
    let text: Vec<String> = errs.iter().map(|e| e.message.clone()).collect();
    assert!(
        text.iter()
            .any(|m| m.contains("did you mean `dibao_standard_urban`")),
        "{text:?}"
    );
    assert!(
        text.iter().any(|m| m.contains("unknown unit `monthz`")),
        "{text:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two values of a parameter in force on the same days are an error, not a warning.
#[test]
fn overlapping_values_are_refused() {
    let pack = format!(
        "{HEADER}[sources.s]\ntitle = \"t\"\npublisher = \"p\"\ndate = 2018-01-01\n\
         [parameters.standard]\nunit = \"yuan_per_month\"\nvalues = [\n\
         {{ from = 2018-01-01, until = 2018-12-31, value = 450, source = \"s\" }},\n\
         {{ from = 2018-07-01, value = 500, source = \"s\" }},\n]\n"
    );
    let dir = write_pack(&[("000000/pack.toml", &pack)]);
    let errs = errors(&dir);
    assert!(
        errs.iter()
            .any(|e| e.code == "bad_date" && e.message.contains("same days") && e.line == 12),
        "{errs:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Tables: a row outside the keys, bands that do not ascend and a reference to a table as a
/// parameter are errors naming the table; facts a pack adds: a built-in name, a symbol fact
/// with no values, and a household's `local` key no pack declares.
#[test]
fn tables_and_local_facts_are_checked() {
    let national = format!(
        "{HEADER}[parameters.t]\nunit = \"yuan_per_month\"\nkeys = [ {{ bands = [80, 70] }} ]\n\
         values = [ {{ from = 2024-01-01, rows = {{ 70 = 1, 80 = 2, 75 = 3 }}, unsourced = \"x\" }} ]\n\
         [household.a]\nexpr = \"t * 2\"\n\
         [facts.hukou]\nscope = \"household\"\ntype = \"bool\"\nlabel = {{ zh = \"x\", en = \"x\" }}\n\
         [facts.cls]\nscope = \"household\"\ntype = \"symbol\"\nlabel = {{ zh = \"x\", en = \"x\" }}\n"
    );
    let dir = write_pack(&[("000000/pack.toml", &national)]);
    let errs = errors(&dir);
    let text: Vec<String> = errs
        .iter()
        .map(|e| format!("{} {}", e.code, e.message))
        .collect();
    for want in [
        "bad_table table `t`: `bands` must ascend",
        "missing_key a `symbol` fact lists its `values`",
    ] {
        assert!(
            text.iter().any(|m| m.starts_with(want)),
            "{want} not in {text:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);

    let national = format!(
        "{HEADER}[parameters.t]\nunit = \"yuan_per_month\"\nkeys = [ {{ bands = [70, 80] }} ]\n\
         values = [ {{ from = 2024-01-01, rows = {{ 70 = 1, 80 = 2, 75 = 3 }}, unsourced = \"x\" }} ]\n\
         [household.a]\nexpr = \"t * 2\"\n\
         [facts.hukou]\nscope = \"household\"\ntype = \"bool\"\nlabel = {{ zh = \"x\", en = \"x\" }}\n"
    );
    let dir = write_pack(&[("000000/pack.toml", &national)]);
    let errs = errors(&dir);
    let text: Vec<String> = errs
        .iter()
        .map(|e| format!("{} {}", e.code, e.message))
        .collect();
    for want in [
        "bad_table table `t` has no row `75`",
        "type_error `t` is a table: read a row with lookup(t",
        "duplicate `hukou` is a built-in fact",
    ] {
        assert!(
            text.iter().any(|m| m.starts_with(want)),
            "{want} not in {text:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
