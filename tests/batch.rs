//! `huimin batch`, `huimin compare` and `huimin synth`: the 乾安 2018 reform (urban dibao
//! 345 → 450 a month, rural 3,170 → 4,000 a year) over a synthetic population, recomputed
//! independently; malformed lines; an empty file; CSV input.
#![cfg(not(target_arch = "wasm32"))]

use huimin::result::Status;
use huimin::{Engine, Options};
use rust_decimal::Decimal;
use serde_json::Value;
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
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

fn population(n: &str) -> Vec<u8> {
    let out = huimin(
        &[
            "synth", "--region", "220723", "--n", n, "--seed", "11", "--year", "2018",
        ],
        b"",
    );
    assert!(out.status.success());
    out.stdout
}

fn dec(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

#[test]
fn the_2018_reform_counts_and_costs_agree_with_a_recomputation() {
    let pop = population("3000");
    let out = huimin(
        &[
            "compare",
            "--baseline",
            "2017-12-31",
            "--reform",
            "2018-01-01",
            "--json",
            "-",
        ],
        &pop,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["households"], 3000);
    let dibao = &c["programs"]["dibao"];

    // The same households, assessed one by one with full results, tallied here.
    let engine = Engine::builtin().unwrap();
    let (before, after) = (
        huimin::parse_date("2017-12-31").unwrap(),
        huimin::parse_date("2018-01-01").unwrap(),
    );
    let mut newly = Vec::new();
    let mut lost = Vec::new();
    let (mut total_before, mut total_after) = (Decimal::ZERO, Decimal::ZERO);
    let (mut n_before, mut n_after) = (0u64, 0u64);
    let mut simple_checked = 0;
    for line in pop.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        let v: Value = serde_json::from_slice(line).unwrap();
        let id = v["id"].as_str().unwrap().to_string();
        let hh = huimin::parse_household(&v["household"].to_string()).unwrap();
        let status_amount = |date| {
            let a = engine.assess(&hh, date, Options::default()).unwrap();
            let p = a.programs.into_iter().find(|p| p.id == "dibao").unwrap();
            let m = p
                .amount
                .map(|x| x.monthly.unwrap().parse::<Decimal>().unwrap());
            (p.status, m)
        };
        let (s0, m0) = status_amount(before);
        let (s1, m1) = status_amount(after);
        if s0 == Status::Eligible {
            n_before += 1;
            total_before += m0.unwrap();
        }
        if s1 == Status::Eligible {
            n_after += 1;
            total_after += m1.unwrap();
        }
        match (s0 == Status::Eligible, s1 == Status::Eligible) {
            (false, true) => newly.push(id.clone()),
            (true, false) => lost.push(id.clone()),
            _ => {}
        }
        // By hand, for a single urban adult earning wages, without disability, illness, flags,
        // vehicles or a second home, and with small deposits: eligible exactly when the wage is
        // below the standard, for the difference.
        let h = &v["household"];
        let m = &h["members"];
        let simple = h["hukou"] == "urban"
            && m.as_array().unwrap().len() == 1
            && m[0]["disability"].is_null()
            && m[0]["serious_illness"] == false
            && m[0]["status"].as_array().unwrap().is_empty()
            && m[0]["income"].get("wage").is_some()
            && h["assets"]["vehicles"].as_array().unwrap().is_empty()
            && h["assets"]["homes"] == 1
            && dec(&h["assets"]["deposits"]) <= Decimal::from(1000);
        if simple {
            let wage = dec(&m[0]["income"]["wage"]);
            for (std, status, amount) in [(345, s0, m0), (450, s1, m1)] {
                let std = Decimal::from(std);
                if wage < std {
                    assert_eq!(
                        (status, amount),
                        (Status::Eligible, Some(std - wage)),
                        "{id}"
                    );
                } else {
                    assert_eq!(status, Status::Ineligible, "{id}");
                }
            }
            simple_checked += 1;
        }
    }
    assert!(
        simple_checked >= 10,
        "only {simple_checked} simple households"
    );
    assert!(newly.len() >= 20, "{}", newly.len());
    assert_eq!(dibao["baseline"]["eligible"], n_before);
    assert_eq!(dibao["reform"]["eligible"], n_after);
    assert_eq!(dec(&dibao["baseline"]["monthly"]), total_before);
    assert_eq!(dec(&dibao["reform"]["monthly"]), total_after);
    assert_eq!(dec(&dibao["cost_monthly"]), total_after - total_before);
    assert_eq!(
        dec(&dibao["cost_annual"]),
        dec(&dibao["reform"]["annual"]) - dec(&dibao["baseline"]["annual"])
    );
    let ids = |k: &str| -> Vec<String> {
        dibao[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("newly_eligible_ids"), newly);
    assert_eq!(ids("newly_ineligible_ids"), lost);
}

#[test]
fn a_reform_can_set_a_parameter_and_batch_agrees_with_compare() {
    let pop = population("300");
    let set = huimin(
        &[
            "compare",
            "--baseline",
            "2018-06-01",
            "--reform",
            "2018-06-01",
            "--set",
            "dibao_standard_urban=5400",
            "--json",
            "-",
        ],
        &pop,
    );
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    let c: Value = serde_json::from_slice(&set.stdout).unwrap();
    // Setting the standard to its published 2018 value changes nothing.
    assert_eq!(c["programs"]["dibao"]["cost_monthly"], "0.00");
    assert_eq!(c["programs"]["dibao"]["newly_eligible"], 0);

    let summary = std::env::temp_dir().join(format!("huimin-summary-{}.json", std::process::id()));
    let b = huimin(
        &[
            "batch",
            "--date",
            "2018-06-01",
            "--summary",
            summary.to_str().unwrap(),
            "-",
        ],
        &pop,
    );
    assert!(b.status.success());
    let lines: Vec<Value> = b
        .stdout
        .split(|x| *x == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 300);
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[0]["id"], "220723-0");
    let s: Value = serde_json::from_slice(&std::fs::read(&summary).unwrap()).unwrap();
    let _ = std::fs::remove_file(&summary);
    assert_eq!(s["households"], 300);
    assert_eq!(s["programs"]["dibao"], c["programs"]["dibao"]["reform"]);
    let eligible = lines
        .iter()
        .filter(|l| l["programs"]["dibao"]["status"] == "eligible")
        .count();
    assert_eq!(s["programs"]["dibao"]["eligible"], eligible as u64);
}

#[test]
fn malformed_lines_are_reported_skipped_and_signalled() {
    let good = r#"{"id": "ok1", "household": {"region": "220723", "hukou": "urban", "members": [{"id": "a", "relation": "applicant", "birth_date": "1970-01-01", "income": {"wage": "300"}, "status": []}], "assets": {"deposits": "0", "homes": 1, "vehicles": []}}}"#;
    let input = format!(
        "{good}\n{{not json\n\n{{\"region\": \"220723\", \"colour\": \"red\"}}\n{}\n",
        good.replace("ok1", "ok2")
    );
    let out = huimin(&["batch", "--date", "2018-03-01", "-"], input.as_bytes());
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2:"), "{stderr}");
    assert!(
        stderr.contains("line 4:") && stderr.contains("colour"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 households assessed, 2 lines malformed"),
        "{stderr}"
    );
    let ids: Vec<Value> = out
        .stdout
        .split(|x| *x == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice::<Value>(l).unwrap()["id"].clone())
        .collect();
    assert_eq!(ids, vec!["ok1", "ok2"]);
}

#[test]
fn an_empty_file_gives_an_empty_summary() {
    let out = huimin(&["batch", "--date", "2018-03-01", "-"], b"");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("0 households assessed, 0 lines malformed")
    );
    let c = huimin(
        &[
            "compare",
            "--baseline",
            "2017-12-31",
            "--reform",
            "2018-01-01",
            "--json",
            "-",
        ],
        b"",
    );
    assert!(c.status.success());
    let v: Value = serde_json::from_slice(&c.stdout).unwrap();
    assert_eq!(v["households"], 0);
}

#[test]
fn csv_rows_give_the_same_results_as_json() {
    let csv = "household,region,hukou,deposits,homes,vehicles,member,relation,sex,birth_date,disability_kind,disability_grade,serious_illness,status,income.wage,income.pension\n\
               h1,220723,urban,1000,1,none,a,applicant,female,1970-05-01,none,,false,none,300,\n\
               h1,220723,urban,1000,1,none,b,child,male,2008-02-01,none,,false,none,,\n\
               h2,220723,rural,0,1,none,c,applicant,male,1940-01-01,physical,1,true,none,,100\n";
    let json = r#"{"id":"h1","household":{"region":"220723","hukou":"urban","assets":{"deposits":"1000","homes":1,"vehicles":[]},"members":[{"id":"a","relation":"applicant","sex":"female","birth_date":"1970-05-01","disability":null,"serious_illness":false,"status":[],"income":{"wage":"300"}},{"id":"b","relation":"child","sex":"male","birth_date":"2008-02-01","disability":null,"serious_illness":false,"status":[],"income":{}}]}}
{"id":"h2","household":{"region":"220723","hukou":"rural","assets":{"deposits":"0","homes":1,"vehicles":[]},"members":[{"id":"c","relation":"applicant","sex":"male","birth_date":"1940-01-01","disability":{"kind":"physical","grade":1},"serious_illness":true,"status":[],"income":{"pension":"100"}}]}}
"#;
    let from_csv = huimin(
        &["batch", "--date", "2018-06-01", "--csv", "-"],
        csv.as_bytes(),
    );
    let from_json = huimin(&["batch", "--date", "2018-06-01", "-"], json.as_bytes());
    assert!(
        from_csv.status.success(),
        "{}",
        String::from_utf8_lossy(&from_csv.stderr)
    );
    let strip = |o: &Output| -> Vec<Value> {
        o.stdout
            .split(|x| *x == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| {
                let v: Value = serde_json::from_slice(l).unwrap();
                serde_json::json!([v["id"], v["programs"]])
            })
            .collect()
    };
    let rows = strip(&from_csv);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows, strip(&from_json));
    assert_eq!(rows[0][1]["dibao"]["status"], "eligible");
}

/// CSV as offices save it: Excel on a Chinese Windows writes GBK/GB18030. The same file read as
/// UTF-8 (with a byte-order mark), as GBK (detected), and as GBK (named) gives the same results,
/// with the Chinese household and member ids intact; an unknown encoding is refused by name.
#[test]
fn csv_in_gbk_or_with_a_bom_reads_like_utf8() {
    let csv = "household,region,hukou,deposits,homes,vehicles,member,relation,sex,birth_date,disability_kind,disability_grade,serious_illness,status,income.wage\n\
               张家,220723,urban,1000,1,none,张三,applicant,female,1970-05-01,none,,false,none,300\n\
               李家,220723,urban,0,1,none,李四,applicant,male,1980-01-01,none,,false,none,9000\n";
    let (gbk, _, lossy) = encoding_rs::GBK.encode(csv);
    assert!(!lossy);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the GBK bytes are not UTF-8"
    );
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(csv.as_bytes());
    let run = |args: &[&str], input: &[u8]| {
        let o = huimin(args, input);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (
            String::from_utf8(o.stdout).unwrap(),
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    let (plain, _) = run(
        &["batch", "--date", "2018-06-01", "--csv", "-"],
        csv.as_bytes(),
    );
    let (with_bom, _) = run(&["batch", "--date", "2018-06-01", "--csv", "-"], &bom);
    let (detected, note) = run(&["batch", "--date", "2018-06-01", "--csv", "-"], &gbk);
    let (named, _) = run(
        &[
            "batch",
            "--date",
            "2018-06-01",
            "--csv",
            "--encoding",
            "gbk",
            "-",
        ],
        &gbk,
    );
    assert!(
        plain.contains("\"张家\"") && plain.contains("\"李家\""),
        "{plain}"
    );
    assert_eq!(with_bom, plain);
    assert_eq!(detected, plain);
    assert_eq!(named, plain);
    assert!(note.contains("GB18030"), "{note}");
    let bad = huimin(
        &[
            "batch",
            "--date",
            "2018-06-01",
            "--csv",
            "--encoding",
            "latin-9x",
            "-",
        ],
        csv.as_bytes(),
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown encoding"));
}

/// A JSON Lines file or a household document saved by a Windows editor starts with a byte order
/// mark (RFC 8259 §8.1 lets a parser ignore it): read as the same text without it, not refused as
/// "not a JSON object".
#[test]
fn json_lines_and_documents_with_a_bom_read_like_utf8() {
    let lines = population("3");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(&lines);
    let plain = huimin(&["batch", "--date", "2018-06-01", "-"], &lines);
    let with_bom = huimin(&["batch", "--date", "2018-06-01", "-"], &bom);
    assert!(
        with_bom.status.success(),
        "{}",
        String::from_utf8_lossy(&with_bom.stderr)
    );
    assert_eq!(with_bom.stdout, plain.stdout);
    assert_eq!(String::from_utf8_lossy(&plain.stdout).lines().count(), 3);
    let doc = br#"{"region":"220723","hukou":"urban","members":[{"id":"a","relation":"applicant","income":{"wage":"300"},"status":[]}],"assets":{"deposits":"0","homes":1,"vehicles":[]}}"#;
    let mut doc_bom = vec![0xEF, 0xBB, 0xBF];
    doc_bom.extend_from_slice(doc);
    for cmd in ["assess", "questions"] {
        let plain = huimin(&[cmd, "--date", "2018-06-01", "-"], doc);
        let with_bom = huimin(&[cmd, "--date", "2018-06-01", "-"], &doc_bom);
        assert!(
            with_bom.status.success(),
            "{cmd}: {}",
            String::from_utf8_lossy(&with_bom.stderr)
        );
        assert_eq!(with_bom.stdout, plain.stdout, "{cmd}");
    }
    // Only a leading mark is ignored: one inside the document is still an error.
    let e = Engine::builtin().unwrap();
    let inside = String::from_utf8_lossy(doc).replacen('{', "{\u{feff}", 1);
    assert!(e.parse_household(&inside).is_err());
}

/// A batch line's household reads as the same document read alone (the envelope is read in one
/// pass), and a line with an error reads as before: the error of the household alone, or of the
/// whole line read as a household when it is not an envelope.
#[test]
fn a_batch_line_reads_as_its_household_read_alone() {
    let e = Engine::builtin().unwrap();
    let inner = r#"{"region":"220723","hukou":"urban","members":[{"id":"m0","relation":"applicant","birth_date":"1970-05-01","income":{"wage":"300"},"status":["veteran_demobilized"]}],"assets":{"deposits":"1000","vehicles":[]}}"#;
    let alone = format!("{:?}", e.parse_household(inner).unwrap());
    let lines = [
        (format!(r#"{{"id":"a1","household":{inner}}}"#), Some("a1")),
        (
            format!(r#"{{"household":{inner},"id":"a\"2"}}"#),
            Some("a\"2"),
        ),
        (
            format!(r#"{{"household":{inner},"id":null,"note":[1,{{"x":2}}]}}"#),
            None,
        ),
        (format!("  {{\"household\":{inner}}}  "), None),
    ];
    for (line, id) in &lines {
        let (got, hh) = huimin::batch::parse_line(&e, line).unwrap();
        assert_eq!(got.as_deref(), *id, "{line}");
        assert_eq!(format!("{hh:?}"), alone, "{line}");
    }
    let (none, whole) = huimin::batch::parse_line(&e, inner).unwrap();
    assert_eq!((none, format!("{whole:?}")), (None, alone));
    let refused = |line: &str| match huimin::batch::parse_line(&e, line) {
        Err(huimin::Error::Input(err)) => (err.code, err.path),
        other => panic!("{line}: {other:?}"),
    };
    // Inside the envelope: the path starts inside the household, as for the household alone.
    let bad = r#"{"id":"x","household":{"region":"220723","members":[{"id":"m0","birth_date":"1970-13-01"}]}}"#;
    assert_eq!(
        refused(bad),
        ("bad_value", "members[0].birth_date".to_string())
    );
    // Not an envelope (an id that is not text, a repeated key): read as a household, and refused.
    assert_eq!(refused(r#"{"id":7,"household":{}}"#).0, "bad_value");
    assert_eq!(refused(r#"{"household":{},"household":{}}"#).0, "bad_value");
    // Text after the object, an id too long.
    assert_eq!(
        refused(&format!(r#"{{"id":"a","household":{inner}}} x"#)).0,
        "malformed_json"
    );
    let long = "x".repeat(200);
    assert_eq!(
        refused(&format!(r#"{{"id":"{long}","household":{inner}}}"#)),
        ("too_long", "id".to_string())
    );
}
