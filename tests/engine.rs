//! Engine behaviour through the public API: exact money, three-valued logic, missing facts,
//! next questions, unsourced values, regions and input errors.
#![cfg(not(target_arch = "wasm32"))]

use huimin::result::{Assessment, Status};
use huimin::{Engine, Options};

fn engine() -> Engine {
    Engine::builtin().unwrap()
}

fn assess(json: &str, date: &str) -> Assessment {
    engine()
        .assess_json(
            json,
            date,
            Options {
                trace: true,
                ..Options::default()
            },
        )
        .unwrap()
}

fn program<'a>(a: &'a Assessment, id: &str) -> &'a huimin::result::ProgramResult {
    a.programs.iter().find(|p| p.id == id).unwrap()
}

/// A 乾安 household of `n` counted members with `income` a month in total (one earner).
fn qianan(hukou: &str, n: usize, income: &str) -> String {
    let mut members = vec![format!(
        r#"{{"id":"m0","relation":"applicant","income":{{"farming":"{income}"}},"status":[],"disability":null}}"#
    )];
    for i in 1..n {
        members.push(format!(
            r#"{{"id":"m{i}","relation":"child","income":{{}},"status":[]}}"#
        ));
    }
    format!(
        r#"{{"region":"220723","hukou":"{hukou}","members":[{}],"assets":{{"deposits":"0","homes":1,"vehicles":[]}}}}"#,
        members.join(",")
    )
}

fn dibao(hukou: &str, n: usize, income: &str, date: &str) -> (Status, Option<String>) {
    let a = assess(&qianan(hukou, n, income), date);
    let p = program(&a, "dibao");
    (p.status, p.amount.as_ref().and_then(|x| x.monthly.clone()))
}

#[test]
fn rural_annual_standard_is_never_rounded_before_comparing() {
    // 4000 / 12 = 333.333…: a household of 3 with exactly 1000 is at the standard, not below.
    assert_eq!(
        dibao("rural", 3, "1000", "2018-06-01").0,
        Status::Ineligible
    );
    // 333.33 per head (999.99 for 3) is below it; rounding the standard to 333.33 first would
    // wrongly make this household ineligible.
    assert_eq!(
        dibao("rural", 3, "999.99", "2018-06-01"),
        (Status::Eligible, Some("0.01".into()))
    );
    // One person at 333.33: the standard 333.333… is above, so 0.0033… rounds to 0.00.
    assert_eq!(
        dibao("rural", 1, "333.33", "2018-06-01"),
        (Status::Eligible, Some("0.00".into()))
    );
    assert_eq!(
        dibao("rural", 1, "333.34", "2018-06-01").0,
        Status::Ineligible
    );
}

#[test]
fn urban_standard_changes_on_2018_01_01() {
    assert_eq!(
        dibao("urban", 2, "600", "2017-12-31"),
        (Status::Eligible, Some("90.00".into()))
    );
    assert_eq!(
        dibao("urban", 2, "600", "2018-01-01"),
        (Status::Eligible, Some("300.00".into()))
    );
    assert_eq!(dibao("urban", 2, "690", "2017-12-31").0, Status::Ineligible);
    assert_eq!(
        dibao("urban", 2, "899.99", "2018-01-01"),
        (Status::Eligible, Some("0.01".into()))
    );
    assert_eq!(dibao("urban", 2, "900", "2018-01-01").0, Status::Ineligible);
}

#[test]
fn rounding_happens_once_at_the_end_half_up() {
    // 3170 × 2 / 12 − 500 = 28.3333… → 28.33; the annual amount is exact: 340.00.
    let a = assess(&qianan("rural", 2, "500"), "2017-07-01");
    let amt = program(&a, "dibao").amount.clone().unwrap();
    assert_eq!(
        (amt.monthly.as_deref(), amt.annual.as_deref()),
        (Some("28.33"), Some("340.00"))
    );
    // 4000 × 1 / 12 − 333.325 = 0.008333… → 0.01 (half up of 0.0083 is 0.01).
    assert_eq!(
        dibao("rural", 1, "333.325", "2018-06-01").1.as_deref(),
        Some("0.01")
    );
}

#[test]
fn unknown_facts_leave_programs_open_and_name_what_is_missing() {
    let a = assess(
        r#"{"region":"220723","hukou":"urban","members":[{"id":"a","status":[]}]}"#,
        "2018-06-01",
    );
    let p = program(&a, "dibao");
    assert_eq!(p.status, Status::NeedsInfo);
    let missing: Vec<&str> = p.missing.iter().map(|m| m.path.as_str()).collect();
    for want in [
        "members[0].income",
        "assets.deposits",
        "assets.homes",
        "assets.vehicles",
    ] {
        assert!(missing.contains(&want), "{want} not in {missing:?}");
    }
    assert!(p.missing.iter().any(|m| m.person.as_deref() == Some("a")));
}

#[test]
fn a_false_criterion_decides_whatever_is_unknown() {
    // Income far above the standard: deposits and vehicles do not matter any more.
    let a = assess(
        r#"{"region":"220723","hukou":"urban","members":[{"id":"a","income":{"wage":"5000"},"status":[]}]}"#,
        "2018-06-01",
    );
    let p = program(&a, "dibao");
    assert_eq!(p.status, Status::Ineligible);
    assert!(p.missing.is_empty(), "{:?}", p.missing);
}

#[test]
fn unknown_status_of_one_member_is_asked_for() {
    let json = r#"{"region":"220723","hukou":"urban","members":[{"id":"a","income":{},"status":[]},{"id":"b","income":{}}],
        "assets":{"deposits":"0","homes":1,"vehicles":[]}}"#;
    let a = assess(json, "2018-06-01");
    let p = program(&a, "dibao");
    // Whether b counts changes the household size, so dibao waits for b's status, and only for it.
    assert_eq!(p.status, Status::NeedsInfo);
    assert!(p.amount.is_none());
    assert_eq!(
        p.missing
            .iter()
            .map(|m| m.path.as_str())
            .collect::<Vec<_>>(),
        ["members[1].status"]
    );
}

#[test]
fn questions_on_an_empty_household_start_with_the_region() {
    let e = engine();
    let hh = huimin::parse_household("{}").unwrap();
    let q = e
        .questions(&hh, huimin::parse_date("2018-06-01").unwrap())
        .unwrap();
    assert_eq!(q.first().map(|q| q.fact.as_str()), Some("region"));
    assert!(q.iter().any(|q| q.fact == "members"));
    assert!(q
        .first()
        .and_then(|q| q.text.as_ref())
        .is_some_and(|t| !t.zh.is_empty() && !t.en.is_empty()));
}

#[test]
fn questions_stop_when_everything_is_decided() {
    let e = engine();
    let doc = qianan("urban", 1, "300")
        .replace(
            r#""disability":null"#,
            r#""disability":null,"serious_illness":false,"birth_date":"1980-01-01","receives":[]"#,
        )
        .replace(r#""region""#, r#""hardships":[],"supporters":[],"region""#);
    let hh = huimin::parse_household(&doc).unwrap();
    let q = e
        .questions(&hh, huimin::parse_date("2018-06-01").unwrap())
        .unwrap();
    assert!(q.is_empty(), "{q:?}");
}

#[test]
fn questions_follow_the_household() {
    let e = engine();
    let hh = huimin::parse_household(
        r#"{"region":"220723","hukou":"urban","members":[{"id":"a","status":[]}]}"#,
    )
    .unwrap();
    let q = e
        .questions(&hh, huimin::parse_date("2018-06-01").unwrap())
        .unwrap();
    let first = q.first().unwrap();
    assert_eq!(first.path, "members[0].income");
    assert_eq!(first.person.as_deref(), Some("a"));
    assert!(first.programs.iter().any(|p| p == "dibao"));
}

#[test]
fn results_say_when_they_use_unsourced_values() {
    let a = assess(&qianan("urban", 1, "300"), "2018-06-01");
    let p = program(&a, "dibao");
    let ids: Vec<&str> = p.unsourced.iter().map(|u| u.parameter.as_str()).collect();
    assert!(ids.contains(&"dibao_deposit_months"), "{ids:?}");
    assert!(p.unsourced.iter().all(|u| !u.note.is_empty()));
}

/// Deposits above the cap of 24 months, a figure with no published source: the criterion is
/// left open, and the explanation says why on the criterion itself and marks the figure; a
/// cap met says nothing of the kind.
#[test]
fn a_criterion_open_on_an_unsourced_figure_says_so() {
    let with_deposits = |d: &str| {
        qianan("urban", 1, "300").replace(r#""deposits":"0""#, &format!(r#""deposits":"{d}""#))
    };
    // 24 × 450 = 10,800 for one member: one yuan over it.
    let a = assess(&with_deposits("10801"), "2018-06-01");
    let p = program(&a, "dibao");
    assert_eq!(p.status, Status::Refer);
    let r = p
        .reasons
        .iter()
        .find(|r| r.criterion == "deposits")
        .unwrap();
    assert_eq!(r.outcome.name(), "unknown");
    for (lang, open, unknown) in [
        (
            huimin::explain::Lang::Zh,
            "    注意：使用了无公开出处的数值: dibao_deposit_months\n",
            "? 未知: ",
        ),
        (
            huimin::explain::Lang::En,
            "    note: uses an unsourced value: dibao_deposit_months\n",
            "? unknown: ",
        ),
    ] {
        let text = huimin::explain::render(&a, lang);
        // On the open criterion: the line comes after it and before the next criterion.
        let at = text.find(open).unwrap_or_else(|| panic!("{text}"));
        let before = &text[..at];
        let criterion = before.rfind("  ✓ ").max(before.rfind("  ✗ "));
        assert!(before.rfind(unknown) > criterion, "{text}");
    }
    // At the cap exactly the criterion is met: no such line, and the program's note still names
    // the figure.
    let a = assess(&with_deposits("10800"), "2018-06-01");
    assert_eq!(program(&a, "dibao").status, Status::Eligible);
    let text = huimin::explain::render(&a, huimin::explain::Lang::Zh);
    assert!(text.contains("[dibao_deposit_months]"), "{text}");
    assert!(
        !text.contains("    注意：使用了无公开出处的数值: dibao_deposit_months"),
        "{text}"
    );
}

#[test]
fn reasons_carry_citations_values_and_parameter_dates() {
    let a = assess(&qianan("urban", 1, "300"), "2018-06-01");
    let p = program(&a, "dibao");
    let income = p.reasons.iter().find(|r| r.criterion == "income").unwrap();
    assert_eq!(income.outcome.name(), "met");
    assert_eq!(income.citation.title.as_deref(), Some("社会救助暂行办法"));
    assert_eq!(
        income.citation.article.as_deref(),
        Some("第九条（2014年原文）")
    );
    let std = income
        .parameters
        .iter()
        .find(|x| x.id == "dibao_standard_urban")
        .unwrap();
    assert_eq!(std.from, "2018-01-01");
    assert_eq!(std.published, "450 yuan_per_month");
    assert_eq!(std.value, serde_json::json!("5400"));
    assert!(std.citation.title.as_deref().unwrap().contains("乾安"));
    assert!(income.inputs.iter().any(|i| i.name == "members[0].income"));
    assert!(!income.text.zh.is_empty() && !income.text.en.is_empty());
}

#[test]
fn without_trace_reasons_have_no_inputs() {
    let a = engine()
        .assess_json(
            &qianan("urban", 1, "300"),
            "2018-06-01",
            Options {
                trace: false,
                ..Options::default()
            },
        )
        .unwrap();
    let p = program(&a, "dibao");
    assert!(p
        .reasons
        .iter()
        .all(|r| r.inputs.is_empty() && r.parameters.is_empty()));
    assert_eq!(
        p.amount.as_ref().unwrap().monthly.as_deref(),
        Some("150.00")
    );
}

#[test]
fn result_carries_date_region_and_rules_version() {
    let a = assess(&qianan("urban", 1, "300"), "2018-06-01");
    assert_eq!(a.as_of, "2018-06-01");
    assert_eq!(a.region.as_deref(), Some("220723"));
    assert!(a.rules_version.starts_with("sha256:") && a.rules_version.len() == 39);
    assert_eq!(a.packs, ["000000", "220000", "220723"]);
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json["programs"][0]["status"], "eligible");
    assert_eq!(json["programs"][0]["amount"]["monthly"], "150.00");
}

#[test]
fn a_region_without_a_pack_uses_the_national_rules_and_refers() {
    // 竹山县 is a known region whose standards are not in a pack yet.
    let json = r#"{"region":"420323","hukou":"urban","members":[{"id":"a","income":{},"status":[]}],"assets":{"deposits":"0","homes":1,"vehicles":[]}}"#;
    let a = assess(json, "2022-06-01");
    let p = program(&a, "dibao");
    assert_eq!(p.status, Status::Refer);
    assert!(p.no_rule.iter().any(|x| x == "dibao_standard_urban"));
}

/// A value of the wrong kind is refused with what was found and what was expected, at its
/// field, in the reader's own words (serde's would print floats and escape strings, code the
/// resident's `.wasm` does without).
#[test]
fn a_value_of_the_wrong_kind_is_named() {
    let e = engine();
    let cases = [
        (
            r#"{"members":[{"id":"a","disability":{"kind":"visual","grade":2.5}}]}"#,
            "members[0].disability.grade",
            "invalid type: a number with a fraction, expected a whole number",
        ),
        (
            r#"{"members":[{"id":"a","disability":{"kind":"visual","grade":"2"}}]}"#,
            "members[0].disability.grade",
            r#"invalid type: string "2", expected a whole number"#,
        ),
        (
            r#"{"members":[{"id":"a","birth_date":12}]}"#,
            "members[0].birth_date",
            "invalid type: integer `12`, expected a date string YYYY-MM-DD",
        ),
        (
            r#"{"members":[{"id":"a","adl_failed":-1}]}"#,
            "members[0].adl_failed",
            "invalid type: integer `-1`, expected a whole number",
        ),
        (
            r#"{"hukou":true}"#,
            "hukou",
            "invalid type: boolean `true`, expected a word of the vocabulary",
        ),
        (
            r#"{"members":[{"id":"a","status":[1.5]}]}"#,
            "members[0].status[0]",
            "invalid type: a number with a fraction, expected a string",
        ),
        (
            r#"{"assets":{"vehicles":[{"kind":{}}]}}"#,
            "assets.vehicles[0].kind",
            "invalid type: map, expected a string",
        ),
        (
            r#"{"members":{"id":"a"}}"#,
            "members",
            "invalid type: map, expected a list of people",
        ),
        (
            r#"{"members":[[]]}"#,
            "members[0]",
            "invalid type: sequence, expected a person (an object with an id)",
        ),
        (
            r#"{"members":[{"id":null}]}"#,
            "members[0].id",
            "invalid type: null, expected an identifier string",
        ),
    ];
    for (json, path, message) in cases {
        match e.assess_json(json, "2018-06-01", Options::default()) {
            Err(huimin::Error::Input(err)) => {
                assert_eq!(
                    (err.code, err.path.as_str()),
                    ("bad_value", path),
                    "{json}: {err}"
                );
                assert!(err.message.contains(message), "{json}: {}", err.message);
            }
            other => panic!("{json}: expected an input error, got {other:?}"),
        }
    }
}

#[test]
fn input_errors_name_the_field() {
    let e = engine();
    let cases = [
        (r#"{"region":"999999"}"#, "unknown_region", "region"),
        (r#"{"region":"22072"}"#, "bad_value", "region"),
        (
            r#"{"members":[{"id":"a","birth_date":"2030-01-01"}]}"#,
            "bad_value",
            "members[0].birth_date",
        ),
        (
            r#"{"members":[{"id":"a","income":{"wage":1200}}]}"#,
            "bad_value",
            "members[0].income.wage",
        ),
        (
            r#"{"members":[{"id":"a","age":-3}]}"#,
            "bad_value",
            "members[0]",
        ),
        (r#"{"hukou":"urban""#, "malformed_json", ""),
        (
            r#"{"assets":{"deposits":"-1"}}"#,
            "bad_value",
            "assets.deposits",
        ),
    ];
    for (json, code, path) in cases {
        match e.assess_json(json, "2018-06-01", Options::default()) {
            Err(huimin::Error::Input(err)) => {
                assert_eq!(err.code, code, "{json}: {err}");
                assert!(
                    err.path.starts_with(path),
                    "{json}: path {} for {path}",
                    err.path
                );
            }
            other => panic!("{json}: expected an input error, got {other:?}"),
        }
    }
    let big = format!(
        r#"{{"members":[{}]}}"#,
        "1,".repeat(huimin::limits::MAX_INPUT_BYTES)
    );
    assert_eq!(
        e.assess_json(&big, "2018-06-01", Options::default())
            .unwrap_err()
            .code(),
        "too_large"
    );
    assert_eq!(
        e.assess_json("{}", "2018-02-30", Options::default())
            .unwrap_err()
            .code(),
        "bad_date"
    );
}

#[test]
fn member_order_does_not_change_the_result() {
    let a = r#"{"region":"220723","hukou":"rural","members":[{"id":"x","income":{"wage":"200"},"status":[]},{"id":"y","income":{"pension":"150"},"status":["in_prison"]},{"id":"z","income":{"farming":"33.33"},"status":[]}],"assets":{"deposits":"0","homes":1,"vehicles":[]}}"#;
    let b = r#"{"region":"220723","hukou":"rural","members":[{"id":"z","income":{"farming":"33.33"},"status":[]},{"id":"x","income":{"wage":"200"},"status":[]},{"id":"y","income":{"pension":"150"},"status":["in_prison"]}],"assets":{"deposits":"0","homes":1,"vehicles":[]}}"#;
    let (ra, rb) = (assess(a, "2018-06-01"), assess(b, "2018-06-01"));
    let amounts = |r: &Assessment| {
        r.programs
            .iter()
            .map(|p| (p.status, p.amount.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(amounts(&ra), amounts(&rb));
    // 4000 × 2 / 12 − 233.33 = 433.3366… → 433.34
    assert_eq!(
        program(&ra, "dibao")
            .amount
            .as_ref()
            .unwrap()
            .monthly
            .as_deref(),
        Some("433.34")
    );
}

#[test]
fn builtin_rules_compiled_on_demand_match_the_rules_read_from_the_directory() {
    // The built-in engine compiles a pack when a region first needs it and takes the files'
    // digests from the build; the engine over the rules directory compiles everything at once
    // and computes the digests. Both give the same results, to the rules version.
    let lazy = engine();
    let eager = Engine::from_dir(std::path::Path::new("rules")).unwrap();
    for f in &lazy.bundle().files {
        let fresh = huimin::pack::RuleFile::new(f.path.clone(), f.text.clone());
        assert_eq!(f.digest(), fresh.digest(), "{}", f.path);
    }
    let hh = qianan("urban", 2, "300");
    let opts = Options {
        trace: true,
        topic: None,
    };
    for date in ["2017-12-31", "2018-01-01"] {
        let run = |e: &Engine| serde_json::to_string(&e.assess_json(&hh, date, opts).unwrap());
        assert_eq!(run(&lazy).unwrap(), run(&eager).unwrap());
    }
    assert_eq!(
        lazy.compiled().unwrap().len(),
        eager.compiled().unwrap().len()
    );
}

#[test]
fn recycled_results_do_not_leak_into_the_next_household() {
    // One assessor, results handed back after each household, against a fresh assessor for
    // every household: the JSON must be identical, trace included.
    let engine = engine();
    let date = huimin::parse_date("2018-06-01").unwrap();
    let pop = huimin::bench::population(300, 7);
    let opts = Options {
        trace: true,
        ..Options::default()
    };
    let mut reused = engine.assessor(Some("220723"), date).unwrap();
    for (i, hh) in pop.iter().enumerate() {
        let a = reused.assess(hh, opts).unwrap();
        let fresh = engine
            .assessor(Some("220723"), date)
            .unwrap()
            .assess(hh, opts)
            .unwrap();
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&fresh).unwrap(),
            "household {i}"
        );
        assert!(a.programs.iter().any(|p| p
            .reasons
            .iter()
            .any(|r| !r.inputs.is_empty() && !r.parameters.is_empty())));
        reused.recycle(a);
    }
}

#[test]
fn an_amount_still_unknown_becomes_known_with_the_fact_it_needs() {
    // A 98-year-old urban 特困 applicant in 乾安: eligible either way, but the care tier (and so
    // the amount) depends on how many daily activities they cannot do.
    let hh = |adl: &str| {
        format!(
            r#"{{"assets":{{"deposits":"0"}},"hukou":"urban","members":[{{{adl}"birth_date":"1920-01-01","id":"m0","income":{{}},"receives":[],"relation":"applicant","status":[]}}],"region":"220723","supporters":[]}}"#
        )
    };
    let unknown = assess(&hh(""), "2018-01-01");
    let known = assess(&hh(r#""adl_failed":0,"#), "2018-01-01");
    let (pu, pk) = (program(&unknown, "tekun"), program(&known, "tekun"));
    assert_eq!(pu.status, Status::Eligible);
    assert_eq!(pk.status, Status::Eligible);
    assert!(pu.amount.is_none());
    assert!(pu.missing.iter().any(|m| &*m.fact == "member.adl_failed"));
    assert_eq!(
        pk.amount.as_ref().unwrap().monthly.as_deref(),
        Some("780.00")
    );
}

/// A criterion cites the text in force on the assessment date: in 2018 the 2014 暂行办法 and
/// the 2012 审核审批办法, from 2021-07-01 the 2019 revision and the 2021 审核确认办法.
#[test]
fn criteria_cite_the_text_in_force_on_the_date() {
    let cite = |date: &str, criterion: &str| {
        let a = assess(&qianan("urban", 1, "100"), date);
        let r = program(&a, "dibao")
            .reasons
            .iter()
            .find(|r| &*r.criterion == criterion)
            .unwrap()
            .citation
            .clone();
        (
            r.doc_number.clone().unwrap().to_string(),
            r.date.clone().unwrap().to_string(),
        )
    };
    assert_eq!(
        cite("2018-06-01", "income"),
        ("国务院令第649号".to_string(), "2014-02-21".to_string())
    );
    assert!(cite("2019-03-02", "income").0.contains("709"));
    assert_eq!(cite("2018-06-01", "members").0, "民发〔2012〕220号");
    assert_eq!(cite("2021-06-30", "members").0, "民发〔2012〕220号");
    assert_eq!(cite("2021-07-01", "members").0, "民发〔2021〕57号");
}

/// Today, a 乾安 household between the last published standard (450 a month, 2018) and the real
/// one is referred with the stale figure named, never refused; one below it is eligible for at
/// least the difference; and the package says "at least".
#[test]
fn stale_standards_refer_and_bound_today() {
    let a = assess(&qianan("urban", 1, "600"), "2026-11-30");
    let d = program(&a, "dibao");
    assert_eq!(d.status, Status::Refer);
    assert_eq!(&*d.stale[0].parameter, "dibao_standard_urban");
    assert!(d.stale[0].text.zh.contains("450"), "{}", d.stale[0].text.zh);
    assert!(
        d.stale[0].text.zh.contains("2018-08-22"),
        "{}",
        d.stale[0].text.zh
    );
    assert_eq!(&*d.stale[0].later, "at_least");
    let a = assess(&qianan("urban", 1, "100"), "2026-11-30");
    let d = program(&a, "dibao");
    assert_eq!(d.status, Status::Eligible);
    let amt = d.amount.as_ref().unwrap();
    assert_eq!(
        (amt.monthly.as_deref(), amt.at_least),
        (Some("350.00"), true)
    );
    let pkg = a.package.as_ref().unwrap();
    assert!(pkg.at_least);
    let text = huimin::explain::render(&a, huimin::explain::Lang::Zh);
    assert!(text.contains("至少 350.00 元/月"), "{text}");
}

/// On 2026-11-30 no covered place refuses on a figure known only until an earlier date: for a
/// grid of single urban and rural adults with wages from 0 to 3,000 a month, every program found
/// ineligible with today's bounds is still ineligible if every stale money figure is in fact ten
/// times its last published value.
#[test]
fn no_refusal_today_rests_on_a_stale_figure() {
    use huimin::compile::Later;
    use huimin::pack::model::RawValue;
    use rust_decimal::Decimal;
    let engine = engine();
    let day = huimin::parse_date("2026-11-30").unwrap();
    let mut stale_places = 0;
    for region in ["220723", "431225", "420323", "511725", "511600", "341702"] {
        let rules = engine.rules(Some(region)).unwrap();
        let mut raised = engine.assessor(Some(region), day).unwrap();
        let mut any = false;
        for p in &rules.params {
            let Some((i, true)) = p.at_index(day) else {
                continue;
            };
            if p.later != Later::AtLeast {
                continue;
            }
            if let Some(huimin::value::Value::Num(v)) = p.history.get(i).map(|h| h.value) {
                raised.set(&p.id, &RawValue::Num(v * Decimal::TEN)).unwrap();
                any = true;
            }
        }
        stale_places += usize::from(any);
        let mut bounded = engine.assessor(Some(region), day).unwrap();
        for hukou in ["urban", "rural"] {
            for wage in (0..=3000).step_by(10) {
                let hh = huimin::parse_household(&format!(
                    r#"{{"region":"{region}","hukou":"{hukou}","members":[{{"id":"a","relation":"applicant","birth_date":"1980-05-01","sex":"female","disability":null,"adl_failed":0,"serious_illness":false,"income":{{"wage":"{wage}"}},"status":["employed"],"receives":[],"lost_contact_since":null,"detained_since":null}}],"assets":{{"deposits":"0","homes":1,"vehicles":[]}},"supporters":[],"hardships":[]}}"#
                ))
                .unwrap();
                let a = bounded.assess(&hh, Options::default()).unwrap();
                let b = raised.assess(&hh, Options::default()).unwrap();
                for (p, q) in a.programs.iter().zip(&b.programs) {
                    if p.status == Status::Ineligible {
                        assert_eq!(
                            q.status,
                            Status::Ineligible,
                            "{region} {hukou} wage {wage}: {} refused on a stale figure",
                            p.id
                        );
                    }
                }
            }
        }
    }
    assert!(
        stale_places >= 4,
        "{stale_places} places with stale figures"
    );
}

/// The engine keeps the assessor of its last assessment for the next call on the same rules and
/// date: a result never depends on the calls made before it (other dates, other regions, with and
/// without the trace, a refused household, the questions).
#[test]
fn results_do_not_depend_on_the_calls_before_them() {
    let e = engine();
    let trace = Options {
        trace: true,
        ..Options::default()
    };
    let rich = qianan("urban", 2, "9000");
    let poor = qianan("rural", 3, "100");
    let other = r#"{"region":"431225","hukou":"rural","members":[{"id":"a","relation":"applicant","income":{}}]}"#;
    let fresh = |json: &str, date: &str, opts: Options| {
        serde_json::to_string(&engine().assess_json(json, date, opts).unwrap()).unwrap()
    };
    let calls: [(&str, &str, Options); 7] = [
        (&poor, "2018-03-01", trace),
        (&rich, "2018-03-01", Options::default()),
        (&poor, "2018-03-01", Options::default()),
        (&poor, "2017-12-31", trace),
        (other, "2018-03-01", trace),
        (&rich, "2018-03-01", trace),
        (&poor, "2018-03-01", trace),
    ];
    for (json, date, opts) in calls {
        let got = serde_json::to_string(&e.assess_json(json, date, opts).unwrap()).unwrap();
        assert_eq!(got, fresh(json, date, opts), "{json} on {date}");
        // A refused household and the questions in between change nothing.
        assert!(e
            .assess_json(
                r#"{"region":"220723","members":[{"id":"a","birth_date":"2030-01-01"}]}"#,
                date,
                opts
            )
            .is_err());
        let hh = huimin::parse_household(json).unwrap();
        e.questions(&hh, huimin::parse_date(date).unwrap()).unwrap();
    }
}

/// The opening the page shows before the engine loads is the engine's own first question in
/// every region the rules cover, on the rules' dates and today's, and the form says how to ask it.
#[test]
fn the_opening_is_the_first_question_in_every_region() {
    let e = engine();
    for date in ["2016-01-01", "2018-06-01", "2024-07-01", "2026-11-30"] {
        let d = huimin::parse_date(date).unwrap();
        let opening = e.opening(d).unwrap();
        assert_eq!(&*opening.question.fact, "members", "{date}");
        assert_eq!(opening.field.fact, &*opening.question.fact);
        assert!(
            opening.question.text.is_some(),
            "{date}: the opening has no wording"
        );
        let regions = e.regions();
        assert!(regions.len() > 5, "{} regions", regions.len());
        for r in regions {
            let hh = e
                .parse_household(&format!(r#"{{"region":"{}"}}"#, r.code))
                .unwrap();
            let first = e.questions(&hh, d).unwrap().into_iter().next().unwrap();
            let q = &opening.question;
            assert_eq!(
                (
                    &first.fact,
                    &first.path,
                    &first.person,
                    &first.text,
                    &first.help
                ),
                (&q.fact, &q.path, &q.person, &q.text, &q.help),
                "{date}, region {}",
                r.code
            );
        }
    }
}
