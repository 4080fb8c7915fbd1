//! The `huimin` binary: commands, and one-line errors with a non-zero exit for bad input.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn huimin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_huimin"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // The binary may stop reading early (a too-large document); ignore the broken pipe.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

const HOUSEHOLD: &str = r#"{"region":"220723","hukou":"urban","members":[{"id":"a","relation":"applicant","income":{"wage":"300"},"status":[]}],"assets":{"deposits":"1000","homes":1,"vehicles":[]}}"#;

#[test]
fn check_passes_on_the_shipped_rules() {
    let out = huimin(&["check", "rules"], b"");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains(" 0 failed"), "{stdout}");
}

#[test]
fn assess_prints_exact_amounts() {
    let out = huimin(
        &["assess", "--date", "2018-03-01", "-"],
        HOUSEHOLD.as_bytes(),
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dibao = v["programs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "dibao")
        .unwrap();
    assert_eq!(dibao["amount"]["monthly"], "150.00");
    assert_eq!(dibao["amount"]["annual"], "1800.00");
    assert_eq!(dibao["status"], "eligible");
}

#[test]
fn explain_speaks_both_languages() {
    let zh = huimin(&["explain", "--date", "2018-03-01"], HOUSEHOLD.as_bytes());
    let zh = String::from_utf8_lossy(&zh.stdout);
    assert!(
        zh.contains("最低生活保障") && zh.contains("150.00") && zh.contains("社会救助暂行办法"),
        "{zh}"
    );
    let en = huimin(
        &["explain", "--date", "2018-03-01", "--lang", "en"],
        HOUSEHOLD.as_bytes(),
    );
    let en = String::from_utf8_lossy(&en.stdout);
    assert!(
        en.contains("eligible") && en.contains("150.00 yuan a month"),
        "{en}"
    );
}

#[test]
fn questions_on_an_empty_household_start_with_the_region() {
    let out = huimin(&["questions", "--date", "2018-03-01"], b"{}");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["fact"], "region");
}

#[test]
fn bad_input_gets_one_line_naming_the_field() {
    let cases: Vec<(&[&str], Vec<u8>, &str)> = vec![
        (
            &["assess", "--date", "2018-03-01"],
            b"{\"hukou\": ".to_vec(),
            "malformed_json",
        ),
        (
            &["assess", "--date", "2018-03-01"],
            br#"{"region":"123456"}"#.to_vec(),
            "region",
        ),
        (
            &["assess", "--date", "2018-03-01"],
            br#"{"members":[{"id":"a","birth_date":"2021-01-01"}]}"#.to_vec(),
            "members[0].birth_date",
        ),
        (
            &["assess", "--date", "2018-03-01"],
            br#"{"members":[{"id":"a","age":-3}]}"#.to_vec(),
            "age",
        ),
        (
            &["assess", "--date", "2018-13-01"],
            b"{}".to_vec(),
            "bad_date",
        ),
        (
            &["explain", "--date", "2018-03-01", "--lang", "fr"],
            b"{}".to_vec(),
            "lang",
        ),
        (
            &["assess", "--date", "2018-03-01"],
            vec![b' '; 40 * 1024 * 1024],
            "too_large",
        ),
    ];
    for (args, input, needle) in cases {
        let out = huimin(args, &input);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(needle),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn broken_rules_directory_reports_every_error_and_fails() {
    let dir = std::env::temp_dir().join(format!("huimin-cli-{}", std::process::id()));
    let pack = dir.join("000000");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::write(
        pack.join("pack.toml"),
        "[pack]\nregion = \"000000\"\nname = { zh = \"全国\", en = \"National\" }\nnmae = 1\n[household.x]\nexpr = \"nothing + 1\"\n",
    )
    .unwrap();
    let out = huimin(&["check", dir.to_str().unwrap()], b"");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("000000/pack.toml:4:1") && stderr.contains("unknown_key"),
        "{stderr}"
    );
    assert!(
        stderr.contains("000000/pack.toml:6:") && stderr.contains("unknown_reference"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn marriage_slots_skip_the_2025_national_day_holiday_and_open_its_make_up_days() {
    let out = huimin(
        &[
            "marriage",
            "slots",
            "--office",
            "qianan",
            "--from",
            "2025-09-26",
            "--days",
            "18",
        ],
        b"",
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let days: Vec<&str> = v["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert!(
        days.iter()
            .all(|d| !("2025-10-01"..="2025-10-08").contains(d)),
        "{days:?}"
    );
    assert!(
        days.contains(&"2025-09-28") && days.contains(&"2025-10-11"),
        "{days:?}"
    );
    let taken = std::env::temp_dir().join("huimin-taken.json");
    std::fs::write(&taken, r#"["2025-09-28T08:30", "2025-09-28T08:30"]"#).unwrap();
    let out = huimin(
        &[
            "marriage",
            "slots",
            "--office",
            "qianan",
            "--from",
            "2025-09-28",
            "--days",
            "1",
            "--taken",
            taken.to_str().unwrap(),
        ],
        b"",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["days"][0]["free"], 22);
    assert_ne!(v["days"][0]["slots"][0]["start"], "08:30");
    let out = huimin(
        &[
            "marriage",
            "slots",
            "--office",
            "nowhere",
            "--from",
            "2025-09-26",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("registry"));
}

#[test]
fn marriage_check_gives_the_divorce_windows() {
    let doc = br#"{"marriage": {"voluntary": true, "in_person": true, "divorce_agreement": true, "divorce_applied": "2025-06-03"},
      "members": [{"id": "a", "sex": "male", "birth_date": "1990-01-01", "marital_status": "married"},
                  {"id": "b", "sex": "female", "birth_date": "1992-01-01", "marital_status": "married"}]}"#;
    let out = huimin(&["marriage", "check", "--date", "2025-06-03", "-"], doc);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let divorce = v["programs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "divorce_registration")
        .unwrap();
    assert_eq!(divorce["status"], "eligible");
    let date = |id: &str| {
        divorce["dates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap()["date"]
            .clone()
    };
    assert_eq!(date("cooling_off_ends"), "2025-07-03");
    assert_eq!(date("certificate_closes"), "2025-08-04");
    assert!(v["programs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["id"] != "dibao"));
}

#[test]
fn bundles_are_signed_and_a_tampered_one_is_refused() {
    let dir = std::env::temp_dir().join(format!("huimin-bundle-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let key = dir.join("key");
    let file = dir.join("rules.json");
    let out = huimin(&["bundle", "keygen", "--out", key.to_str().unwrap()], b"");
    assert!(out.status.success());
    let public = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(public.len(), 64);
    let out = huimin(
        &[
            "bundle",
            "sign",
            "--key",
            key.to_str().unwrap(),
            "--out",
            file.to_str().unwrap(),
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verify = |public: &str| {
        huimin(
            &[
                "bundle",
                "verify",
                "--public-key",
                public,
                file.to_str().unwrap(),
            ],
            b"",
        )
    };
    let ok = verify(&public);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let packs = std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    let said = String::from_utf8_lossy(&ok.stdout).to_string();
    assert!(
        said.starts_with(&format!("verified: {packs} packs")),
        "{said}"
    );
    // Another key.
    let other = huimin(
        &[
            "bundle",
            "keygen",
            "--out",
            dir.join("other").to_str().unwrap(),
        ],
        b"",
    );
    let other = String::from_utf8(other.stdout).unwrap().trim().to_string();
    let bad = verify(&other);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("signature does not verify"));
    // One byte of one rule changed.
    let text = std::fs::read_to_string(&file).unwrap();
    let flipped = text.replacen("4000", "4001", 1);
    assert_ne!(flipped, text);
    std::fs::write(&file, flipped).unwrap();
    let bad = verify(&public);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("altered"));
    let _ = std::fs::remove_dir_all(&dir);
}
