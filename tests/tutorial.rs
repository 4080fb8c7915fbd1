//! The README's tutorial pack (`examples/tutorial`): loaded beside the built-in rules, it must
//! load without error and pass its own cases, so the tutorial cannot drift from the engine.
#![cfg(not(target_arch = "wasm32"))]

use huimin::pack::Bundle;
use huimin::Engine;
use std::path::Path;

fn files(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

fn engine() -> Engine {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    files(&base.join("rules"), &base.join("rules"), &mut all);
    let tutorial = base.join("examples/tutorial");
    files(&tutorial, &tutorial, &mut all);
    let (bundle, errors) = Bundle::read(all);
    assert!(errors.is_empty(), "{errors:?}");
    Engine::new(bundle).unwrap_or_else(|e| panic!("the tutorial pack does not load:\n{e}"))
}

#[test]
fn the_tutorial_pack_passes_its_cases() {
    let engine = engine();
    let report = huimin::cases::run_all(&engine);
    let failures: Vec<String> = report
        .failures
        .iter()
        .map(|f| format!("{}:{}: {}: {}", f.file, f.line, f.case, f.message))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let own = engine
        .bundle()
        .packs
        .get("130102")
        .map_or(0, |p| p.cases.len());
    assert!(own >= 8, "only {own} tutorial cases");
}

fn error(engine: &Engine, json: &str) -> huimin::error::InputError {
    match engine.assess_json(json, "2024-06-01", huimin::engine::Options::default()) {
        Err(huimin::Error::Input(e)) => e,
        other => panic!("{json}: expected an input error, got {other:?}"),
    }
}

/// A household's `local` facts are checked against the region's packs: unknown names, symbols
/// outside the fact's values and values of the wrong kind are errors naming the field.
#[test]
fn local_facts_are_checked_against_the_region() {
    let engine = engine();
    let e = error(
        &engine,
        r#"{"region":"130102","local":{"dibao_klass":"class_a"}}"#,
    );
    assert_eq!(e.path, "local.dibao_klass");
    assert!(e.message.contains("dibao_class"), "{}", e.message);
    let e = error(
        &engine,
        r#"{"region":"130102","local":{"dibao_class":"class_z"}}"#,
    );
    assert_eq!(e.path, "local.dibao_class");
    assert!(
        e.message.contains("class_a, class_b, class_c"),
        "{}",
        e.message
    );
    let e = error(
        &engine,
        r#"{"region":"130102","members":[{"id":"a","local":{"severe_unemployed":"yes"}}]}"#,
    );
    assert_eq!(e.path, "members[0].local.severe_unemployed");
    let e = error(
        &engine,
        r#"{"region":"220723","local":{"dibao_class":"class_a"}}"#,
    );
    assert_eq!(e.path, "local.dibao_class");
    let e = error(
        &engine,
        r#"{"region":"130102","local":{"dibao_class":["class_a"]}}"#,
    );
    assert_eq!(e.path, "local.dibao_class");
    // A member fact given for the household is refused too.
    let e = error(
        &engine,
        r#"{"region":"130102","local":{"severe_unemployed":true}}"#,
    );
    assert_eq!(e.path, "local.severe_unemployed");
}

/// The explanation lists what each class would pay, and the next questions never ask the
/// resident for the class the office assigns.
#[test]
fn office_classes_are_explained_not_asked() {
    let engine = engine();
    let json = r#"{"region":"130102","hukou":"urban","members":[{"id":"a","relation":"applicant","serious_illness":false,"income":{},"status":[],"receives":[]}],"assets":{"deposits":"0","homes":1,"vehicles":[]}}"#;
    let a = engine
        .assess_json(json, "2024-06-01", huimin::engine::Options::default())
        .unwrap();
    let text = huimin::explain::render(&a, huimin::explain::Lang::Zh);
    assert!(text.contains("金额取决于低保分类"), "{text}");
    assert!(text.contains("B类: 400.00 元/月"), "{text}");
    let hh = huimin::facts::parse_household(json).unwrap();
    let date = huimin::engine::parse_date("2024-06-01").unwrap();
    let qs = engine.questions(&hh, date).unwrap();
    assert!(qs.iter().all(|q| !q.fact.contains("dibao_class")), "{qs:?}");
}

/// A fact the resident answers is asked with the pack's question and a field to render it.
#[test]
fn resident_local_facts_are_asked() {
    let engine = engine();
    let hh = huimin::facts::parse_household(
        r#"{"region":"130102","members":[{"id":"a","disability":{"kind":"physical","grade":1}}]}"#,
    )
    .unwrap();
    let date = huimin::engine::parse_date("2024-06-01").unwrap();
    let qs = engine.questions(&hh, date).unwrap();
    let q = qs
        .iter()
        .find(|q| &*q.fact == "member.local.severe_unemployed")
        .unwrap_or_else(|| panic!("not asked: {qs:?}"));
    assert_eq!(&*q.path, "members[0].local.severe_unemployed");
    assert!(q.text.as_ref().is_some_and(|t| t.zh.contains("重度残疾")));
    let field = q.field.as_ref().unwrap();
    assert_eq!(field.kind, "bool");
    let json = serde_json::to_value(q).unwrap();
    assert_eq!(json["field"]["fact"], "member.local.severe_unemployed");
}

/// A word a pack adds to a built-in fact: read by rules, asked with the built-in words, refused
/// in a region whose packs do not add it, and refused by the parser that knows no pack.
#[test]
fn words_a_pack_adds_are_read_asked_and_checked() {
    let engine = engine();
    let json = r#"{"region":"130102","hardships":["winter_heating"]}"#;
    let a = engine
        .assess_json(json, "2024-06-01", huimin::engine::Options::default())
        .unwrap();
    let aid = a.programs.iter().find(|p| &*p.id == "heating_aid").unwrap();
    assert_ne!(aid.status, huimin::result::Status::Ineligible);
    assert_ne!(aid.status, huimin::result::Status::NeedsInfo);
    // Another region's packs do not know the word: an error naming the field.
    let e = error(
        &engine,
        r#"{"region":"220723","hardships":["winter_heating"]}"#,
    );
    assert_eq!(e.path, "hardships");
    assert!(e.message.contains("220723"), "{}", e.message);
    // A word no pack adds is refused when read, with the words that may be given.
    let e = error(
        &engine,
        r#"{"region":"130102","hardships":["winter_heatin"]}"#,
    );
    assert_eq!(e.path, "hardships[0]");
    assert!(e.message.contains("winter_heating"), "{}", e.message);
    // An income category the pack adds: counted here, refused elsewhere naming the field.
    let land = r#"{"region":"130102","members":[{"id":"a","income":{"land_transfer":"1000"}}]}"#;
    assert!(engine.parse_household(land).unwrap().pack_words);
    let e = error(&engine, &land.replace("130102", "220723"));
    assert_eq!(e.path, "members[0].income.land_transfer");
    let e = error(&engine, &land.replace("land_transfer", "land_transfers"));
    assert_eq!(e.path, "members[0].income.land_transfers");
    assert!(e.message.contains("land_transfer"), "{}", e.message);
    // The parser without packs knows only the built-in words.
    let e = huimin::facts::parse_household(json).unwrap_err();
    assert_eq!(e.path, "hardships[0]");
    // The question lists the built-in words and the pack's, with its label.
    let hh = engine.parse_household(r#"{"region":"130102"}"#).unwrap();
    let date = huimin::engine::parse_date("2024-06-01").unwrap();
    let qs = engine.questions(&hh, date).unwrap();
    let q = qs
        .iter()
        .find(|q| &*q.fact == "hardships")
        .unwrap_or_else(|| panic!("not asked: {qs:?}"));
    let field = q.field.as_ref().expect("a field with the pack's words");
    assert_eq!(field.kind, "multi");
    let values: Vec<&str> = field.choices.iter().map(|c| &*c.value).collect();
    assert!(
        values.contains(&"fire") && values.contains(&"winter_heating"),
        "{values:?}"
    );
    let heating = field
        .choices
        .iter()
        .find(|c| &*c.value == "winter_heating")
        .unwrap();
    assert_eq!(&*heating.label.zh, "冬季取暖困难");
    // Elsewhere the built-in form describes the fact: no field comes with the question.
    let hh = engine.parse_household(r#"{"region":"220723"}"#).unwrap();
    let qs = engine.questions(&hh, date).unwrap();
    assert!(qs
        .iter()
        .filter(|q| &*q.fact == "hardships")
        .all(|q| q.field.is_none()));
}

/// A word of the built-in vocabulary that a pack adds to another fact is that pack's alone too.
#[test]
fn a_built_in_word_added_to_another_fact_is_the_packs_alone() {
    let mut all = Vec::new();
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    files(&base.join("rules"), &base.join("rules"), &mut all);
    all.push((
        "130102/pack.toml".into(),
        "[pack]\nregion = \"130102\"\nname = { zh = \"示例\", en = \"Example\" }\n\
         [words.status]\nfire = { zh = \"火灾受灾人员\", en = \"fire victim\" }\n"
            .into(),
    ));
    let (bundle, errors) = Bundle::read(all);
    assert!(errors.is_empty(), "{errors:?}");
    let engine = Engine::new(bundle).unwrap();
    let json = r#"{"region":"130102","members":[{"id":"a","status":["fire"]}]}"#;
    engine
        .assess_json(json, "2024-06-01", huimin::engine::Options::default())
        .unwrap();
    let e = error(&engine, &json.replace("130102", "220723"));
    assert_eq!(e.path, "members[0].status");
}

/// Mistakes in `[words.*]` are load errors naming the file.
#[test]
fn bad_words_are_load_errors() {
    let pack = |words: &str| {
        let text = format!(
            "[pack]\nregion = \"000000\"\nname = {{ zh = \"全国\", en = \"National\" }}\n{words}"
        );
        let (bundle, errors) = Bundle::read(vec![("000000/pack.toml".into(), text)]);
        if !errors.is_empty() {
            return errors.iter().map(|e| e.code).collect::<Vec<_>>();
        }
        match Engine::new(bundle) {
            Err(huimin::Error::Load { errors }) => errors.iter().map(|e| e.code).collect(),
            other => panic!("{words}: loaded: {:?}", other.map(|_| ())),
        }
    };
    let label = r#"{ zh = "词", en = "word" }"#;
    assert_eq!(
        pack(&format!("[words.colour]\nred = {label}\n")),
        ["unknown_reference"]
    );
    assert_eq!(
        pack(&format!("[words.birth_date]\nx = {label}\n")),
        ["unknown_reference"]
    );
    assert_eq!(
        pack(&format!("[words.hardships]\nfire = {label}\n")),
        ["duplicate"]
    );
    assert_eq!(
        pack(&format!("[words.hardships]\nBad-Word = {label}\n")),
        ["syntax_error"]
    );
}
