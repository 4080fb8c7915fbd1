//! Walks every rule file and runs the test cases it carries (`[[cases]]`).
#![cfg(not(target_arch = "wasm32"))]

use huimin::Engine;
use std::path::Path;

#[test]
fn every_rule_file_case_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let engine = Engine::from_dir(&dir).unwrap_or_else(|e| panic!("rules do not load:\n{e}"));
    let report = huimin::cases::run_all(&engine);
    let failures: Vec<String> = report
        .failures
        .iter()
        .map(|f| format!("{}:{}: {}: {}", f.file, f.line, f.case, f.message))
        .collect();
    assert!(
        failures.is_empty(),
        "failing rule-file cases:\n{}",
        failures.join("\n")
    );
    assert!(report.run >= 15, "only {} cases ran", report.run);
}

#[test]
fn built_in_rules_are_the_rules_directory() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let from_dir = Engine::from_dir(&dir).unwrap();
    let built_in = Engine::builtin().unwrap();
    let versions = |e: &Engine| -> Vec<(String, String)> {
        e.compiled()
            .unwrap()
            .iter()
            .map(|(k, r)| (k.to_string(), r.version.clone()))
            .collect()
    };
    assert_eq!(versions(&from_dir), versions(&built_in));
}
