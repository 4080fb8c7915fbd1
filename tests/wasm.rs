//! The WebAssembly boundary, run by `wasm-pack test --node` and, with
//! `WASM_BINDGEN_USE_BROWSER=1`, by `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

use huimin::wasm::Engine;
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const RURAL: &str = r#"{"region":"220723","hukou":"rural","members":[
  {"id":"a","relation":"applicant","sex":"male","birth_date":"1960-05-01","disability":null,
   "adl_failed":0,"serious_illness":false,"income":{"farming":"100"},"status":[],"receives":[],
   "lost_contact_since":null,"detained_since":null},
  {"id":"b","relation":"spouse","sex":"female","birth_date":"1962-07-01","disability":null,
   "adl_failed":0,"serious_illness":false,"income":{},"status":[],"receives":[],
   "lost_contact_since":null,"detained_since":null}],
 "assets":{"deposits":"0","homes":1,"vehicles":[]},"supporters":[],"hardships":[]}"#;

fn obj(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn get(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |v, k| {
        Reflect::get(&v, &JsValue::from_str(k)).unwrap()
    })
}

fn find(list: &JsValue, key: &str, want: &str) -> JsValue {
    Array::from(list)
        .iter()
        .find(|p| get(p, &[key]).as_string().as_deref() == Some(want))
        .unwrap_or_else(|| panic!("no {key} = {want}"))
}

fn stringify(v: &JsValue) -> String {
    JSON::stringify(v).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
fn assesses_rural_qianan_household_with_exact_amounts() {
    let e = Engine::new().unwrap();
    let r = e
        .assess(obj(RURAL), "2018-03-01", JsValue::UNDEFINED)
        .unwrap();
    let dibao = find(&get(&r, &["programs"]), "id", "dibao");
    assert_eq!(get(&dibao, &["status"]).as_string().unwrap(), "eligible");
    // 4000/yr standard, 100/month income over 2 people: (4000/12 - 50) × 2 = 566.67 per month.
    assert_eq!(
        get(&dibao, &["amount", "monthly"]).as_string().unwrap(),
        "566.67"
    );
    assert_eq!(
        get(&dibao, &["amount", "annual"]).as_string().unwrap(),
        "6800.00"
    );
}

#[wasm_bindgen_test]
fn object_and_string_inputs_give_the_same_result() {
    let e = Engine::new().unwrap();
    let a = e
        .assess(obj(RURAL), "2018-03-01", JsValue::UNDEFINED)
        .unwrap();
    let b = e
        .assess(JsValue::from_str(RURAL), "2018-03-01", JsValue::UNDEFINED)
        .unwrap();
    assert_eq!(stringify(&a), stringify(&b));
}

#[wasm_bindgen_test]
fn trace_option_adds_parameters() {
    let e = Engine::new().unwrap();
    let r = e
        .assess(obj(RURAL), "2018-03-01", obj(r#"{"trace":true}"#))
        .unwrap();
    assert!(stringify(&r).contains("\"parameters\""));
    let bad = e.assess(obj(RURAL), "2018-03-01", obj(r#"{"trace":"yes"}"#));
    assert_eq!(
        get(&bad.unwrap_err(), &["path"]).as_string().unwrap(),
        "trace"
    );
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_code_and_path() {
    let e = Engine::new().unwrap();
    let err = e
        .assess(
            obj(r#"{"members":[{"id":"a","birth_date":"1960-13-01"}]}"#),
            "2018-03-01",
            JsValue::UNDEFINED,
        )
        .unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, &["code"]).as_string().unwrap(), "bad_value");
    assert_eq!(
        get(&err, &["path"]).as_string().unwrap(),
        "members[0].birth_date"
    );
    let err = e
        .assess(obj("{}"), "2018-02-30", JsValue::UNDEFINED)
        .unwrap_err();
    assert_eq!(get(&err, &["code"]).as_string().unwrap(), "bad_date");
    let err = e
        .assess(JsValue::from_f64(3.0), "2018-03-01", JsValue::UNDEFINED)
        .unwrap_err();
    assert_eq!(get(&err, &["code"]).as_string().unwrap(), "bad_value");
    let err = e
        .assess(
            obj(r#"{"region":"999999"}"#),
            "2018-03-01",
            JsValue::UNDEFINED,
        )
        .unwrap_err();
    assert_eq!(get(&err, &["code"]).as_string().unwrap(), "unknown_region");
    assert_eq!(get(&err, &["path"]).as_string().unwrap(), "region");
    // The engine is still usable after errors.
    assert!(e
        .assess(obj(RURAL), "2018-03-01", JsValue::UNDEFINED)
        .is_ok());
}

#[wasm_bindgen_test]
fn next_questions_start_with_the_region() {
    let e = Engine::new().unwrap();
    let q = e
        .next_questions(obj("{}"), "2026-11-23", JsValue::UNDEFINED)
        .unwrap();
    let first = Array::from(&q).get(0);
    assert_eq!(get(&first, &["fact"]).as_string().unwrap(), "region");
    let q = e
        .next_questions(
            obj(r#"{"region":"220723"}"#),
            "2026-11-23",
            JsValue::UNDEFINED,
        )
        .unwrap();
    assert!(Array::from(&q)
        .iter()
        .all(|x| get(&x, &["fact"]).as_string().unwrap() != "region"));
}

#[wasm_bindgen_test]
fn explains_a_result_in_both_languages() {
    let e = Engine::new().unwrap();
    let zh = e
        .explain(obj(RURAL), "2018-03-01", "zh", JsValue::UNDEFINED)
        .unwrap();
    assert!(zh.contains("最低生活保障") && zh.contains("566.67"), "{zh}");
    let en = e
        .explain(RURAL.into(), "2018-03-01", "en", JsValue::UNDEFINED)
        .unwrap();
    assert!(en.contains("566.67") && en.contains("eligible"), "{en}");
    assert!(!zh.contains("eligible"), "{zh}");
    let err = e
        .explain(obj(RURAL), "2018-03-01", "fr", JsValue::UNDEFINED)
        .unwrap_err();
    assert_eq!(get(&err, &["code"]).as_string().unwrap(), "bad_lang");
    let err = e
        .explain(
            obj(r#"{"members":3}"#),
            "2018-03-01",
            "zh",
            JsValue::UNDEFINED,
        )
        .unwrap_err();
    assert_eq!(get(&err, &["code"]).as_string().unwrap(), "bad_value");
    assert_eq!(get(&err, &["path"]).as_string().unwrap(), "members");
}

#[wasm_bindgen_test]
fn regions_and_form_describe_the_questionnaire() {
    let e = Engine::new().unwrap();
    let regions = e.regions().unwrap();
    let qianan = find(&regions, "code", "220723");
    assert_eq!(get(&qianan, &["parent"]).as_string().unwrap(), "220700");
    assert_eq!(get(&qianan, &["has_pack"]).as_bool(), Some(true));
    let form = e.form().unwrap();
    let income = find(&form, "fact", "member.income");
    assert_eq!(get(&income, &["kind"]).as_string().unwrap(), "income");
    let wage = find(&get(&income, &["choices"]), "value", "wage");
    assert_eq!(get(&wage, &["label", "zh"]).as_string().unwrap(), "工资");
}

#[wasm_bindgen_test]
fn income_curve_finds_where_dibao_ends() {
    let e = Engine::new().unwrap();
    let q = obj(
        r#"{"program":"dibao","member":0,"category":"farming","from":"0","to":"1000","points":11}"#,
    );
    let c = e.income_curve(obj(RURAL), "2018-03-01", q).unwrap();
    assert_eq!(Array::from(&get(&c, &["points"])).length(), 11);
    // Two people, 4000/yr each: the pair's income must stay below 666.666… a month.
    assert_eq!(get(&c, &["ends_at"]).as_string().unwrap(), "666.67");
    let err = e
        .income_curve(
            obj(RURAL),
            "2018-03-01",
            obj(r#"{"program":"dibao","category":"x","from":"0","to":"1"}"#),
        )
        .unwrap_err();
    assert_eq!(get(&err, &["path"]).as_string().unwrap(), "category");
}

// Rule files are read by the authoring package only.
#[cfg(feature = "authoring")]
#[wasm_bindgen_test]
fn rule_files_can_be_passed_in_and_load_errors_are_listed() {
    let files = obj(r#"{"000000/pack.toml":"[pack]\nname = 3\n"}"#);
    let err = Engine::from_files(files).err().unwrap();
    assert!(err.is_instance_of::<js_sys::Error>());
    let errors = Array::from(&get(&err, &["errors"]));
    assert!(errors.length() >= 1);
    assert_eq!(
        get(&errors.get(0), &["file"]).as_string().unwrap(),
        "000000/pack.toml"
    );
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(huimin::wasm::version(), env!("CARGO_PKG_VERSION"));
}

// Rule files are read by the authoring package only.
#[cfg(feature = "authoring")]
#[wasm_bindgen_test]
fn slots_skip_holidays_and_open_make_up_days() {
    let files = js_sys::Object::new();
    let put = |k: &str, v: &str| {
        Reflect::set(&files, &JsValue::from_str(k), &JsValue::from_str(v)).unwrap();
    };
    put(
        "000000/pack.toml",
        "[pack]\nregion = \"000000\"\nname = { zh = \"全国\", en = \"National\" }\n",
    );
    put(
        "calendar.toml",
        include_str!("fixtures/calendar/calendar.toml"),
    );
    put(
        "registries.toml",
        include_str!("fixtures/calendar/registries.toml"),
    );
    let e = Engine::from_files(files.into()).unwrap();
    let regs = e.registries().unwrap();
    assert_eq!(
        get(&Array::from(&regs).get(0), &["id"])
            .as_string()
            .unwrap(),
        "test"
    );
    let taken = obj(r#"["2025-09-28T08:30"]"#);
    let s = e.slots("test", "2025-09-26", 18, taken).unwrap();
    let days: Vec<String> = Array::from(&get(&s, &["days"]))
        .iter()
        .map(|d| get(&d, &["date"]).as_string().unwrap())
        .collect();
    assert!(days.contains(&"2025-09-28".to_string()));
    assert!(!days
        .iter()
        .any(|d| d.as_str() >= "2025-10-01" && d.as_str() <= "2025-10-08"));
    let first = Array::from(&get(&s, &["days"])).get(1);
    assert_eq!(
        get(&first, &["kind"]).as_string().unwrap(),
        "make_up_working"
    );
    assert_eq!(get(&first, &["free"]).as_f64(), Some(11.0));
    let err = e
        .slots("test", "2025-09-26", 3, obj(r#"["soon"]"#))
        .unwrap_err();
    assert_eq!(get(&err, &["path"]).as_string().unwrap(), "taken[0]");
}

/// A signed bundle loads; a flipped byte, another key or no signature is refused, with a code.
// Rule files are read by the authoring package only.
#[cfg(feature = "authoring")]
#[wasm_bindgen_test]
fn signed_bundles_are_checked() {
    use huimin::pack::signed;
    let secret = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    let public = signed::public_key(secret).unwrap();
    let files = huimin::bench::W1_FILES
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    let bundle = signed::sign(files, secret).unwrap();
    let engine = Engine::from_signed_bundle(&bundle, &public).unwrap();
    let a = engine
        .assess(obj(RURAL), "2018-06-01", JsValue::UNDEFINED)
        .unwrap();
    assert_eq!(
        get(&find(&get(&a, &["programs"]), "id", "dibao"), &["status"])
            .as_string()
            .as_deref(),
        Some("eligible")
    );
    let code = |r: Result<Engine, JsValue>| -> String {
        get(&r.err().unwrap(), &["code"]).as_string().unwrap()
    };
    let flipped = bundle.replacen("450", "451", 1);
    assert_ne!(flipped, bundle);
    assert_eq!(
        code(Engine::from_signed_bundle(&flipped, &public)),
        "hash_mismatch"
    );
    let other = signed::public_key(&secret.replace('9', "8")).unwrap();
    assert_eq!(
        code(Engine::from_signed_bundle(&bundle, &other)),
        "bad_signature"
    );
    let mut v: serde_json::Value = serde_json::from_str(&bundle).unwrap();
    v.as_object_mut().unwrap().remove("signature");
    assert_eq!(
        code(Engine::from_signed_bundle(&v.to_string(), &public)),
        "unsigned"
    );
}

#[wasm_bindgen_test]
fn warming_up_assesses_every_program_and_changes_no_result() {
    let e = Engine::new().unwrap();
    let before = stringify(
        &e.assess(obj(RURAL), "2026-12-01", JsValue::UNDEFINED)
            .unwrap(),
    );
    let n = e.warm(Some("220723".into()), "2026-12-01").unwrap();
    let programs = Array::from(&get(
        &e.assess(obj(RURAL), "2026-12-01", JsValue::UNDEFINED)
            .unwrap(),
        &["programs"],
    ))
    .length();
    assert_eq!(n, programs);
    // Without a region: the first county with rules of its own.
    assert!(e.warm(None, "2026-12-01").unwrap() > 5);
    let after = stringify(
        &e.assess(obj(RURAL), "2026-12-01", JsValue::UNDEFINED)
            .unwrap(),
    );
    assert_eq!(before, after);
    for bad in ["", "22\"0723", "999999"] {
        let err = e.warm(Some(bad.into()), "2026-12-01").unwrap_err();
        assert_eq!(
            get(&err, &["code"]).as_string().unwrap(),
            "unknown_region",
            "{bad}"
        );
    }
    let err = e.warm(None, "yesterday").unwrap_err();
    assert_eq!(get(&err, &["code"]).as_string().unwrap(), "bad_date");
}
