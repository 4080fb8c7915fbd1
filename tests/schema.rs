//! The published household contract (`schema/household.schema.json`) and the engine's parser
//! agree: every example is valid under both, and hostile documents are rejected by both.

use serde_json::Value;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema/household.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// Rejected by the schema and by the parser, whose error names `path`.
fn bad(v: &jsonschema::Validator, doc: &str, path: &str) {
    let json: Value = serde_json::from_str(doc).unwrap();
    assert!(!v.is_valid(&json), "schema accepted {doc}");
    let err = huimin::parse_household(doc)
        .err()
        .unwrap_or_else(|| panic!("parser accepted {doc}"));
    assert!(
        err.path.starts_with(path),
        "{doc}: error at `{}`, expected `{path}`",
        err.path
    );
}

/// Accepted by both.
fn good(v: &jsonschema::Validator, doc: &str) {
    let json: Value = serde_json::from_str(doc).unwrap();
    assert!(v.is_valid(&json), "schema rejected {doc}");
    assert!(
        huimin::parse_household(doc).is_ok(),
        "parser rejected {doc}"
    );
}

#[test]
fn every_example_is_valid() {
    let v = validator();
    let mut n = 0;
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            good(&v, &std::fs::read_to_string(&path).unwrap());
            n += 1;
        }
    }
    assert!(n >= 5, "only {n} examples");
}

#[test]
fn valid_edge_documents() {
    let v = validator();
    good(&v, "{}");
    good(&v, r#"{"members":[]}"#);
    good(
        &v,
        r#"{"members":[{"id":"a","disability":null,"income":{"other":null},"lost_contact_since":null}]}"#,
    );
    good(
        &v,
        r#"{"members":[{"id":"a","income":{"wage":"0.123456"}}]}"#,
    );
    good(
        &v,
        r#"{"assets":{"homes":0,"vehicles":[{"kind":"disability_vehicle"}]},"hardships":["fire"]}"#,
    );
}

#[test]
fn hostile_documents_are_rejected_by_both() {
    let v = validator();
    bad(&v, r#"{"colour":"red"}"#, "colour");
    bad(&v, r#"{"region":"22072"}"#, "region");
    bad(&v, r#"{"hukou":"city"}"#, "hukou");
    bad(&v, r#"{"members":[{"relation":"child"}]}"#, "members[0]");
    bad(&v, r#"{"members":[{"id":""}]}"#, "members[0].id");
    bad(&v, r#"{"members":[{"id":"a","age":-3}]}"#, "members[0]");
    bad(
        &v,
        r#"{"members":[{"id":"a","birth_date":"1950-1-1"}]}"#,
        "members[0].birth_date",
    );
    bad(
        &v,
        r#"{"members":[{"id":"a","income":{"wage":1200}}]}"#,
        "members[0].income.wage",
    );
    bad(
        &v,
        r#"{"members":[{"id":"a","income":{"wage":"-5"}}]}"#,
        "members[0].income.wage",
    );
    bad(
        &v,
        r#"{"members":[{"id":"a","income":{"wage":"1.1234567"}}]}"#,
        "members[0].income.wage",
    );
    bad(
        &v,
        r#"{"members":[{"id":"a","income":{"salary":"1"}}]}"#,
        "members[0].income",
    );
    bad(
        &v,
        r#"{"members":[{"id":"a","disability":{"kind":"physical","grade":5}}]}"#,
        "members[0].disability",
    );
    bad(
        &v,
        r#"{"members":[{"id":"a","disability":{"kind":"leg","grade":1}}]}"#,
        "members[0].disability",
    );
    bad(
        &v,
        r#"{"members":[{"id":"a","adl_failed":7}]}"#,
        "members[0].adl_failed",
    );
    bad(
        &v,
        r#"{"members":[{"id":"a","status":["retired"]}]}"#,
        "members[0].status[0]",
    );
    bad(
        &v,
        r#"{"members":[{"id":"a","receives":["pension"]}]}"#,
        "members[0].receives[0]",
    );
    bad(&v, r#"{"assets":{"deposits":"1e5"}}"#, "assets.deposits");
    bad(&v, r#"{"assets":{"homes":-1}}"#, "assets.homes");
    bad(
        &v,
        r#"{"assets":{"vehicles":[{"kind":"plane"}]}}"#,
        "assets.vehicles[0].kind",
    );
    bad(&v, r#"{"hardships":["boredom"]}"#, "hardships[0]");
    bad(
        &v,
        r#"{"supporters":[{"id":"s","lost_contact_since":"yesterday"}]}"#,
        "supporters[0].lost_contact_since",
    );
    let many = format!(r#"{{"members":[{}]}}"#, vec![r#"{"id":"x"}"#; 65].join(","));
    let json: Value = serde_json::from_str(&many).unwrap();
    assert!(!v.is_valid(&json));
    assert_eq!(
        huimin::parse_household(&many).unwrap_err().code,
        "too_large"
    );
}

#[test]
fn rules_the_schema_cannot_express_are_enforced_by_the_parser() {
    // Duplicate ids: JSON Schema cannot say "unique by id".
    let e = huimin::parse_household(r#"{"members":[{"id":"a"},{"id":"a"}]}"#).unwrap_err();
    assert_eq!(e.path, "members[1].id");
    // A calendar date that does not exist matches the pattern but not the parser.
    let e = huimin::parse_household(r#"{"members":[{"id":"a","birth_date":"2019-02-29"}]}"#)
        .unwrap_err();
    assert_eq!(e.path, "members[0].birth_date");
}
