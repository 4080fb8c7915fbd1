//! The rule studio's library (feature `authoring`): the built-in files as written, the overview,
//! recording a change in the files' text (and what the engine refuses, by field), the impact,
//! the diff and the bundle.
#![cfg(feature = "authoring")]

use huimin::authoring::edit::{record, Change, SourceChoice};
use huimin::authoring::{builtin_files, publish, view, Files};

fn day(s: &str) -> time::Date {
    huimin::date::parse(s).unwrap()
}

/// The built-in rules as they stood before 乾安's 2018 rise: the 2018 values of its two dibao
/// standards taken out.
fn rules_2017() -> Files {
    let mut files = builtin_files();
    let text = files.get("220723/dibao.toml").unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("{ from = 2018-01-01"))
        .collect();
    assert_eq!(kept.len() + 2, text.lines().count());
    files.insert("220723/dibao.toml".into(), kept.join("\n") + "\n");
    files
}

fn rise(parameter: &str, value: &str, unit: &str) -> Change {
    Change {
        place: "220723".into(),
        parameter: parameter.into(),
        value: value.into(),
        unit: unit.into(),
        from: "2018-01-01".into(),
        article: "提升城乡低保对象保障标准".into(),
        source: SourceChoice {
            title: "着眼新形势 推动乾安民生事业实现新突破".into(),
            publisher: "乾安县民政局".into(),
            date: "2018-08-22".into(),
            ..SourceChoice::default()
        },
        ..Change::default()
    }
}

fn failing(o: &view::Overview) -> Vec<String> {
    o.cases
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.name.clone())
        .collect()
}

#[test]
fn the_built_in_files_as_written_load_with_their_cases_passing() {
    let files = builtin_files();
    assert!(files
        .get("220723/dibao.toml")
        .unwrap()
        .contains("[[cases]]"));
    let o = view::overview(&files, day("2026-11-30"));
    assert!(o.ok, "{:?}", o.errors);
    assert!(o.cases.len() > 200, "{} cases", o.cases.len());
    assert_eq!(failing(&o), Vec::<String>::new());
    let qianan = o.places.iter().find(|p| p.code == "220723").unwrap();
    assert_eq!(qianan.packs.first().map(String::as_str), Some("000000"));
    assert_eq!(qianan.packs.last().map(String::as_str), Some("220723"));
    let urban = qianan
        .parameters
        .iter()
        .find(|p| p.id == "dibao_standard_urban")
        .unwrap();
    assert!(urban.own && urban.editable && urban.stale, "{urban:?}");
    assert_eq!(urban.unit, "yuan_per_year");
    let last = urban.values.last().unwrap();
    assert_eq!(
        (last.from.as_str(), last.published.as_str()),
        ("2018-01-01", "450 yuan_per_month")
    );
    assert_eq!(last.value, "5400");
    assert_eq!(last.known_until, "2018-08-22");
    assert!(last.in_force && last.stale);
    assert_eq!(last.source.as_ref().unwrap().id, "qianan_2018");
    assert!(urban.values.first().unwrap().assumed.is_some());
    assert!(o.coverage.contains("220723"));
    assert!(o.figures.contains("stale dibao_standard_urban"));
}

#[test]
fn the_2018_rise_recorded_from_the_2017_rules() {
    let before = rules_2017();
    let o = view::overview(&before, day("2018-03-01"));
    assert!(o.ok, "{:?}", o.errors);
    let failed = failing(&o);
    assert!(
        failed.contains(&"urban single, 2018: 450 − 300 = 150 a month".to_string()),
        "{failed:?}"
    );

    let urban = record(
        &before,
        &rise("dibao_standard_urban", "450", "yuan_per_month"),
    )
    .unwrap();
    assert_eq!(urban.changed, ["220723/dibao.toml", "220723/pack.toml"]);
    assert_eq!(urban.source.as_deref(), Some("src_220723_20180822"));
    let text = urban.files.get("220723/dibao.toml").unwrap();
    assert!(text.contains("  { from = 2018-01-01, value = 450, unit = \"yuan_per_month\", source = \"src_220723_20180822\", article = \"提升城乡低保对象保障标准\" },\n]"), "{text}");
    let pack = urban.files.get("220723/pack.toml").unwrap();
    assert!(pack.contains("\n[sources.src_220723_20180822]\ntitle = \"着眼新形势 推动乾安民生事业实现新突破\"\npublisher = \"乾安县民政局\"\ndate = 2018-08-22\n"), "{pack}");
    assert!(urban.warnings.is_empty(), "{:?}", urban.warnings);

    // The second figure cites the source the first one added.
    let mut c = rise("dibao_standard_rural", "4000", "");
    c.source = SourceChoice {
        existing: "src_220723_20180822".into(),
        ..SourceChoice::default()
    };
    let both = record(&urban.files, &c).unwrap();
    assert_eq!(both.changed, ["220723/dibao.toml"]);
    let after = view::overview(&both.files, day("2018-03-01"));
    assert!(after.ok, "{:?}", after.errors);
    assert_eq!(failing(&after), Vec::<String>::new());
    let changes = view::case_changes(&o.cases, &after.cases);
    assert!(changes.iter().any(|c| {
        let (b, a) = (c.before.as_ref().unwrap(), c.after.as_ref().unwrap());
        !b.passed && a.passed && a.outcomes.first().unwrap().monthly.as_deref() == Some("150.00")
    }));

    // The diff and the patch show the two lines added and the source.
    let files = publish::changes(&before, &both.files);
    assert_eq!(files.len(), 2);
    let dibao = files
        .iter()
        .find(|f| f.path == "220723/dibao.toml")
        .unwrap();
    assert_eq!((dibao.added_lines, dibao.removed_lines), (2, 0));
    let patch = publish::patch(&before, &both.files);
    assert!(patch.contains("--- a/rules/220723/dibao.toml\n+++ b/rules/220723/dibao.toml\n@@ -"));
    assert!(
        patch.contains("\n+  { from = 2018-01-01, value = 4000, source = \"src_220723_20180822\"")
    );

    // The impact over a population: households newly eligible, none lost.
    let pop: String = {
        let mut rng = huimin::bench::Rng::new(5);
        (0..500)
            .map(|i| huimin::synth::line(&mut rng, "220723", 2018, i) + "\n")
            .collect()
    };
    let (b, a) = (
        huimin::authoring::load(&before).unwrap(),
        huimin::authoring::load(&both.files).unwrap(),
    );
    let (c, errors) = huimin::authoring::impact::compare(&b, &a, &pop, day("2018-01-01")).unwrap();
    assert!(errors.is_empty());
    let dibao = c.programs.get("dibao").unwrap();
    assert!(!dibao.newly_eligible.is_empty() && dibao.newly_ineligible.is_empty());
    assert!(dibao.cost().unwrap().0 > rust_decimal::Decimal::ZERO);

    // Signed, the bundle verifies and loads as the page loads it; unsigned, it is refused.
    let secret = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    let signed = publish::bundle(&both.files, Some(secret)).unwrap();
    let public = signed.public_key.clone().unwrap();
    let engine = huimin::Engine::from_signed_bundle(&signed.text, &public).unwrap();
    assert!(engine.regions().iter().any(|r| r.code == "220723"));
    let unsigned = publish::bundle(&both.files, None).unwrap();
    assert!(!unsigned.signed && unsigned.sha256 == signed.sha256);
    let refused = huimin::Engine::from_signed_bundle(&unsigned.text, &public).unwrap_err();
    assert_eq!(refused.code(), "unsigned");
}

fn refused_fields(files: &Files, c: &Change) -> Vec<(String, String)> {
    record(files, c)
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
}

#[test]
fn what_the_engine_refuses_is_named_by_field() {
    let files = rules_2017();
    let f = |field: &str, code: &str| vec![(field.to_string(), code.to_string())];
    // 450 yuan is not a yearly figure.
    assert_eq!(
        refused_fields(&files, &rise("dibao_standard_urban", "450", "yuan")),
        f("unit", "unit_mismatch")
    );
    assert_eq!(
        refused_fields(&files, &rise("dibao_standard_urban", "450", "yuan_a_month")),
        f("unit", "unit_mismatch")
    );
    // 2017-01-01 already has a value.
    let mut c = rise("dibao_standard_urban", "450", "yuan_per_month");
    c.from = "2017-01-01".into();
    assert_eq!(refused_fields(&files, &c), f("from", "duplicate"));
    // No source at all, and a new source without its title.
    let mut c = rise("dibao_standard_urban", "450", "yuan_per_month");
    c.source = SourceChoice::default();
    assert_eq!(refused_fields(&files, &c), f("source", "missing_citation"));
    let mut c = rise("dibao_standard_urban", "450", "yuan_per_month");
    c.source.title = String::new();
    assert_eq!(refused_fields(&files, &c), f("source.title", "missing_key"));
    let mut c = rise("dibao_standard_urban", "450", "yuan_per_month");
    c.source = SourceChoice {
        existing: "no_such_source".into(),
        ..SourceChoice::default()
    };
    assert_eq!(refused_fields(&files, &c), f("source", "unknown_reference"));
    // What cannot be written at all.
    let mut c = rise("dibao_standard_urban", "4,50", "yuan_per_month");
    c.from = "2018-13-01".into();
    assert_eq!(
        refused_fields(&files, &c),
        [f("value", "bad_number"), f("from", "bad_date")].concat()
    );
    let mut c = rise("no_such_parameter", "450", "");
    c.place = "220723".into();
    assert_eq!(
        refused_fields(&files, &c),
        f("parameter", "unknown_reference")
    );
    let mut c = rise("dibao_standard_urban", "450", "");
    c.place = "110000".into();
    assert_eq!(refused_fields(&files, &c), f("place", "bad_region"));
}

#[test]
fn a_figure_only_an_outer_pack_declares_goes_into_the_places_pack_file() {
    let files = builtin_files();
    let o = view::overview(&files, day("2026-11-30"));
    let qianan = o.places.iter().find(|p| p.code == "220723").unwrap();
    let inherited = qianan
        .parameters
        .iter()
        .find(|p| !p.own && p.editable && p.unit == "yuan_per_month")
        .expect("an inherited monthly figure");
    let mut c = rise(&inherited.id, "100", "");
    c.from = "2030-01-01".into();
    let r = record(&files, &c).unwrap();
    assert_eq!(r.changed, ["220723/pack.toml"]);
    let pack = r.files.get("220723/pack.toml").unwrap();
    assert!(
        pack.contains(&format!("[parameters.{}]\nvalues = [\n  {{ from = 2030-01-01, value = 100, source = \"src_220723_20180822\"", inherited.id)),
        "{pack}"
    );
    let after = view::overview(&r.files, day("2030-01-02"));
    assert!(after.ok, "{:?}", after.errors);
}

#[test]
fn a_value_is_appended_whatever_the_arrays_layout() {
    let files = |values: &str| -> Files {
        let mut f = builtin_files();
        let text = format!(
            "[pack]\nregion = \"220723\"\nname = {{ zh = \"乾安县\", en = \"Qian'an\" }}\n\n[sources.s]\ntitle = \"t\"\npublisher = \"p\"\ndate = 2018-08-22\n\n[parameters.dibao_standard_urban]\nvalues = {values}\n# after\n"
        );
        f.retain(|p, _| !p.starts_with("220723/"));
        f.insert("220723/pack.toml".into(), text);
        f
    };
    let mut c = rise("dibao_standard_urban", "5400", "");
    c.source = SourceChoice {
        existing: "s".into(),
        ..SourceChoice::default()
    };
    for layout in [
        "[ { from = 2017-01-01, value = 4140, source = \"s\" } ]",
        "[{ from = 2017-01-01, value = 4140, source = \"s\" },]",
        "[\n  { from = 2017-01-01, value = 4140, source = \"s\" } # the first\n]",
        "[\n  { from = 2017-01-01, value = 4140, source = \"s\" }, # the first\n  # more to come\n]",
    ] {
        let r = record(&files(layout), &c).unwrap_or_else(|e| panic!("{layout}: {e:?}"));
        let o = view::overview(&r.files, day("2018-03-01"));
        assert!(o.ok, "{layout}: {:?}", o.errors);
        let p = o.places.iter().find(|p| p.code == "220723").unwrap();
        let u = p
            .parameters
            .iter()
            .find(|p| p.id == "dibao_standard_urban")
            .unwrap();
        assert_eq!(u.values.len(), 2, "{layout}");
        assert_eq!(u.values.last().unwrap().value, "5400", "{layout}");
    }
}

#[test]
fn line_diff_keeps_the_common_lines() {
    let d = publish::line_diff("a\nb\nc\nd\n", "a\nx\nc\nd\ne\n");
    let ops: String = d.iter().map(|l| l.op).collect();
    assert_eq!(ops, "=-+==+");
    let mut before = Files::new();
    before.insert("1/x.toml".into(), "a\nb".into());
    let mut after = before.clone();
    after.insert("1/x.toml".into(), "a\nc".into());
    assert_eq!(
        publish::patch(&before, &after),
        "--- a/rules/1/x.toml\n+++ b/rules/1/x.toml\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
    );
}

#[test]
fn an_empty_form_names_every_field_it_needs() {
    let c = Change {
        place: "220723".into(),
        parameter: "dibao_standard_urban".into(),
        ..Change::default()
    };
    assert_eq!(
        refused_fields(&builtin_files(), &c),
        [("value", "missing_key"), ("from", "missing_key")]
            .map(|(f, c)| (f.to_string(), c.to_string()))
    );
}

#[test]
fn a_pack_header_is_validated_and_written_for_a_code_and_name() {
    use huimin::authoring::place::pack_header;
    let text = pack_header("130102", "河北省石家庄市长安区", "").unwrap();
    assert!(
        text.contains("\n[pack]\nregion = \"130102\"\nname = { zh = \"河北省石家庄市长安区\", en = \"河北省石家庄市长安区\" }\n"),
        "{text}"
    );
    let quoted = pack_header(" 130102 ", "长安区 \"新\"", "Chang'an District").unwrap();
    assert!(quoted.contains("zh = \"长安区 \\\"新\\\"\", en = \"Chang'an District\""));
    let fields = |code: &str, zh: &str, en: &str| -> Vec<(String, String)> {
        pack_header(code, zh, en)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    };
    let f = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(fields("13010", "x", ""), [f("code", "bad_region")]);
    assert_eq!(fields("000000", "全国", ""), [f("code", "bad_region")]);
    assert_eq!(fields("999999", "x", ""), [f("code", "bad_region")]);
    assert_eq!(
        fields("130102", " ", "a\nb"),
        [f("name", "missing_key"), f("name_en", "bad_value")]
    );
}

#[test]
fn a_new_place_from_the_template_gets_its_own_sourced_figure_and_loads() {
    use huimin::authoring::place::new_place;
    let files = builtin_files();
    let added = new_place(
        &files,
        "130102",
        "河北省石家庄市长安区",
        "Chang'an District",
    )
    .unwrap();
    assert_eq!(added.path, "130102/pack.toml");
    assert_eq!(added.inherits, ["000000"]);
    // Not twice, and not over a place that has a pack.
    let again = new_place(&added.files, "130102", "长安区", "").unwrap_err();
    assert_eq!(
        (again[0].field.as_str(), again[0].code.as_str()),
        ("code", "duplicate")
    );
    assert!(new_place(&files, "220723", "乾安县", "").is_err());
    // A county of a province with a pack inherits it.
    let q = new_place(&files, "220722", "吉林省松原市长岭县", "").unwrap();
    assert_eq!(q.inherits, ["000000", "220000"]);

    let o = view::overview(&added.files, day("2025-03-01"));
    assert!(o.ok, "{:?}", o.errors);
    let place = o.places.iter().find(|p| p.code == "130102").unwrap();
    assert_eq!(place.name.zh.as_ref(), "河北省石家庄市长安区");
    assert_eq!(place.packs, ["000000", "130102"]);
    let urban = place
        .parameters
        .iter()
        .find(|p| p.id == "dibao_standard_urban")
        .unwrap();
    assert!(!urban.own && urban.editable && urban.values.is_empty());

    let c = Change {
        place: "130102".into(),
        parameter: "dibao_standard_urban".into(),
        value: "900".into(),
        unit: "yuan_per_month".into(),
        from: "2025-01-01".into(),
        article: "城市低保标准每人每月900元".into(),
        source: SourceChoice {
            title: "关于提高城乡最低生活保障标准的通知".into(),
            publisher: "石家庄市长安区民政局".into(),
            doc_number: "长民〔2025〕1号".into(),
            date: "2024-12-20".into(),
            ..SourceChoice::default()
        },
        ..Change::default()
    };
    let r = record(&added.files, &c).unwrap();
    assert_eq!(r.changed, ["130102/pack.toml"]);
    let pack = r.files.get("130102/pack.toml").unwrap();
    let at = |s: &str| pack.find(s).unwrap_or_else(|| panic!("{s} in {pack}"));
    assert!(at("[pack]") < at("[sources.src_130102_20241220]"));
    assert!(at("[sources.src_130102_20241220]") < at("[parameters.dibao_standard_urban]"));
    assert!(pack.contains("{ from = 2025-01-01, value = 900, unit = \"yuan_per_month\", source = \"src_130102_20241220\", article = \"城市低保标准每人每月900元\" }"), "{pack}");
    let o = view::overview(&r.files, day("2025-03-01"));
    assert!(o.ok, "{:?}", o.errors);
    assert_eq!(failing(&o), Vec::<String>::new());
    let urban = o
        .places
        .iter()
        .find(|p| p.code == "130102")
        .unwrap()
        .parameters
        .iter()
        .find(|p| p.id == "dibao_standard_urban")
        .unwrap();
    assert!(urban.own);
    assert_eq!(urban.values[0].value, "10800");
}

#[test]
fn a_row_of_a_table_is_recorded_as_a_new_version_of_the_whole_table() {
    let files = builtin_files();
    let mut c = Change {
        place: "510000".into(),
        parameter: "disability_care_by_grade[1]".into(),
        value: "120".into(),
        from: "2026-01-01".into(),
        article: "一级护理补贴每人每月120元".into(),
        source: SourceChoice {
            title: "四川省提高护理补贴标准的通知".into(),
            publisher: "四川省民政厅".into(),
            date: "2025-12-01".into(),
            ..SourceChoice::default()
        },
        ..Change::default()
    };
    let r = record(&files, &c).unwrap();
    assert_eq!(r.changed, ["510000/pack.toml"]);
    let pack = r.files.get("510000/pack.toml").unwrap();
    assert!(pack.contains("  { from = 2026-01-01, rows = { 1 = 120, 2 = { value = 80, source = \"sichuan_liangxiang_2024\", article = \"重度残疾人护理补贴一级每人每月110元、二级每人每月80元（据汇编转述，原文未核实）\" } }, source = \"src_510000_20251201\", article = \"一级护理补贴每人每月120元\" },\n]"), "{pack}");
    let o = view::overview(&r.files, day("2026-03-01"));
    assert!(o.ok, "{:?}", o.errors);
    let sichuan = o.places.iter().find(|p| p.code == "510000").unwrap();
    let row = |id: &str| {
        sichuan
            .parameters
            .iter()
            .find(|p| p.id == id)
            .unwrap()
            .values
            .last()
            .unwrap()
            .clone()
    };
    let (one, two) = (
        row("disability_care_by_grade[1]"),
        row("disability_care_by_grade[2]"),
    );
    assert_eq!(
        (one.from.as_str(), one.value.as_str()),
        ("2026-01-01", Some("120"))
    );
    assert_eq!(one.source.unwrap().id, "src_510000_20251201");
    assert_eq!(
        (two.from.as_str(), two.value.as_str()),
        ("2026-01-01", Some("80"))
    );
    assert_eq!(two.source.unwrap().id, "sichuan_liangxiang_2024");

    // A county of the province gets the table in its own pack; a unit the other rows cannot
    // be written in exactly is refused by field.
    c.place = "511725".into();
    let county = record(&files, &c).unwrap();
    assert!(county.files.get("511725/pack.toml").unwrap().contains("[parameters.disability_care_by_grade]\nvalues = [\n  { from = 2026-01-01, rows = { 1 = 120, 2 = {"));
    assert!(view::overview(&county.files, day("2026-03-01")).ok);
    c.unit = "yuan_per_year".into();
    c.value = "1441".into();
    assert_eq!(
        refused_fields(&files, &c),
        [("unit".to_string(), "unit_mismatch".to_string())]
    );
    // Before the table's first version the other rows have no figure to repeat.
    c.unit = String::new();
    c.value = "120".into();
    c.from = "2020-01-01".into();
    assert_eq!(
        refused_fields(&files, &c),
        [("from".to_string(), "bad_date".to_string())]
    );
}

#[test]
fn a_row_of_a_two_key_table_keeps_the_nesting() {
    let mut files = builtin_files();
    files.insert(
        "130102/pack.toml".into(),
        std::fs::read_to_string("examples/tutorial/130102/pack.toml").unwrap(),
    );
    let c = Change {
        place: "130102".into(),
        parameter: "care_by_grade[2,false]".into(),
        value: "90".into(),
        from: "2025-01-01".into(),
        source: SourceChoice {
            title: "t".into(),
            publisher: "p".into(),
            date: "2024-12-01".into(),
            ..SourceChoice::default()
        },
        ..Change::default()
    };
    let r = record(&files, &c).unwrap();
    let pack = r.files.get("130102/pack.toml").unwrap();
    assert!(pack.contains("rows = { 1 = { true = { value = 150, unsourced = \"教程示例：虚构数字\" }, false = { value = 120, unsourced = \"教程示例：虚构数字\" } }, 2 = { true = { value = 100, unsourced = \"教程示例：虚构数字\" }, false = 90 } }, source = \"src_130102_20241201\" }"), "{pack}");
    assert!(view::overview(&r.files, day("2025-03-01")).ok);
}

#[test]
fn csv_households_as_offices_save_them() {
    use huimin::authoring::csv::{households, records};
    let text = "\u{feff}household,member,relation,birth_date,income.wage,region,hukou,deposits,homes,vehicles\r\nh1,a,applicant,1950-03-01,300,220723,urban,1000,1,none\r\nh1,b,spouse,1952-01-01,,,,,,\r\n\r\n\"h2\",a,applicant,\"1960-01-01\",\"1,200\",220723,rural,0,1,\"car;motorcycle\"\r\nh3,a,applicant\r\n";
    let recs = records(text).unwrap();
    assert_eq!(recs.len(), 5);
    assert_eq!(recs[3].0, 5);
    assert_eq!(recs[3].1[4], "1,200");
    let hh = households(text).unwrap();
    assert_eq!(hh.len(), 3);
    let (line, first) = &hh[0];
    let (id, doc) = first.as_ref().unwrap();
    assert_eq!((*line, id.as_deref()), (2, Some("h1")));
    assert_eq!(doc["members"].as_array().unwrap().len(), 2);
    assert_eq!(doc["members"][0]["income"]["wage"], "300");
    assert_eq!(doc["members"][1]["income"], serde_json::json!({}));
    assert_eq!(doc["assets"]["deposits"], "1000");
    assert_eq!(doc["assets"]["vehicles"], serde_json::json!([]));
    huimin::parse_household(&doc.to_string()).unwrap();
    let (_, second) = &hh[1];
    let doc = &second.as_ref().unwrap().1;
    assert_eq!(doc["assets"]["vehicles"][1]["kind"], "motorcycle");
    // A row with too few cells is refused for its household, with its line.
    let (line, third) = &hh[2];
    assert_eq!(*line, 6);
    assert!(third
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("line 6 has 3 cells"));
    assert!(records("a,\"b\n").is_err());
    assert!(households("member,relation\na,applicant\n").is_err());
}

#[test]
fn the_impact_over_csv_is_the_impact_over_the_same_json_lines() {
    use huimin::authoring::{impact, load};
    let before = load(&rules_2017()).unwrap();
    let after = load(&builtin_files()).unwrap();
    let date = day("2018-03-01");
    let csv = "household,region,hukou,deposits,homes,vehicles,member,relation,sex,birth_date,disability_kind,disability_grade,serious_illness,status,income.wage\n\
               h1,220723,urban,1000,1,none,a,applicant,female,1970-05-01,none,,false,none,400\n\
               h2,220723,urban,1000,1,none,a,applicant,female,1970-05-01,none,,false,none,300\n\
               h2,220723,urban,1000,1,none,b,child,male,2008-02-01,none,,false,none,\n\
               h3,220723,urban,1000,1,none,a,applicant,female,1970-05-01,none,,false,none,5000\n\
               h4,220723,urban,1000,1,none,a,nobody,female,1970-05-01,none,,false,none,5000\n";
    let (c, errors) = impact::compare_csv(&before, &after, csv, date).unwrap();
    let mut lines = String::new();
    for (_, h) in huimin::authoring::csv::households(csv).unwrap() {
        if let Ok((id, doc)) = h {
            lines.push_str(&serde_json::json!({ "id": id, "household": doc }).to_string());
            lines.push('\n');
        }
    }
    let (j, _) = impact::compare(&before, &after, &lines, date).unwrap();
    assert_eq!(c.to_json()["programs"], j.to_json()["programs"]);
    assert_eq!(c.malformed, 1);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].0, 6);
    let dibao = &c.to_json()["programs"]["dibao"];
    assert_eq!(dibao["newly_eligible"], 1, "{dibao}");
}
