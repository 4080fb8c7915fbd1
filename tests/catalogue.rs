//! The fact catalogue (`src/catalogue.rs`) against every other place that names a built-in
//! household fact: these tests fail when one of them drifts from it.
#![cfg(not(target_arch = "wasm32"))]

use huimin::catalogue::{self, Fact, Scope, Type, FACTS};
use huimin::compile::node::{FactKey, Field, PersonFact};
use huimin::value::Ty;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

fn schema() -> &'static Value {
    static S: OnceLock<Value> = OnceLock::new();
    S.get_or_init(|| serde_json::from_str(&read("schema/household.schema.json")).unwrap())
}

fn schema_accepts(doc: &Value) -> bool {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| jsonschema::validator_for(schema()).unwrap())
        .is_valid(doc)
}

fn parser_accepts(doc: &Value) -> bool {
    huimin::parse_household(&doc.to_string()).is_ok()
}

// ---- the JSON Schema ---------------------------------------------------------------------------

/// What the schema says of one fact: its words (enums, or an object's keys) and whether required.
#[derive(Debug, Default)]
struct Leaf {
    words: Vec<String>,
    required: bool,
}

/// The schema's facts by catalogue name. Objects the catalogue does not name are groups
/// (`assets`, `marriage`) whose properties are facts; people are described once, as `member.*`;
/// the items of a list of objects (vehicles) as `vehicle.*`.
fn schema_facts() -> BTreeMap<String, Leaf> {
    let mut out = BTreeMap::new();
    walk(schema(), "", &mut out);
    out
}

fn walk(object: &Value, prefix: &str, out: &mut BTreeMap<String, Leaf>) {
    let required: Vec<&str> = object["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for (key, v) in object["properties"].as_object().unwrap() {
        let name = format!("{prefix}{key}");
        let catalogued = catalogue::find(&name).is_some();
        if v["properties"].is_object() && !catalogued {
            walk(v, &format!("{name}."), out);
            continue;
        }
        if v["items"]["$ref"] == "#/$defs/person" {
            walk(&schema()["$defs"]["person"], "member.", out);
        }
        if v["items"]["properties"].is_object() {
            walk(&v["items"], "vehicle.", out);
        }
        out.insert(
            name,
            Leaf {
                words: words(v),
                required: required.contains(&key.as_str()),
            },
        );
    }
}

/// The words a property allows: its enum, its items' enum, a `kind`'s enum, or (for an object
/// of amounts) its keys.
fn words(v: &Value) -> Vec<String> {
    let strings = |e: &Value| -> Vec<String> {
        e.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = strings(&v["enum"]);
    out.extend(strings(&v["items"]["enum"]));
    out.extend(strings(&v["items"]["properties"]["kind"]["enum"]));
    for alt in v["anyOf"].as_array().into_iter().flatten() {
        out.extend(strings(&alt["properties"]["kind"]["enum"]));
    }
    if let Some(props) = v["properties"].as_object() {
        out.extend(props.keys().cloned());
    }
    out
}

/// A value of the fact's type; lists hold the first word.
fn sample(f: &Fact) -> Value {
    let w = f.vocabulary.first().copied().unwrap_or("");
    match f.ty {
        Type::Code => json!("220723"),
        Type::Id => json!("p"),
        Type::Bool => json!(true),
        Type::Count(max) => json!(max.min(2)),
        Type::Money => json!("1200.50"),
        Type::Date => json!("2000-02-29"),
        Type::Symbol => json!(w),
        Type::Set => json!([w]),
        Type::People => json!([{ "id": "p" }]),
        Type::Vehicles => json!([{ "kind": w }]),
        Type::Certificate => json!({ "kind": w, "grade": 2 }),
        Type::Income => json!({ w: "1.50" }),
        Type::Local => json!({ "local_fact": true }),
    }
}

/// A value of the fact's type holding `word`.
fn with_word(f: &Fact, word: &str) -> Value {
    match f.ty {
        Type::Set => json!([word]),
        Type::Vehicles => json!([{ "kind": word }]),
        Type::Certificate => json!({ "kind": word, "grade": 1 }),
        Type::Income => json!({ word: "1" }),
        _ => json!(word),
    }
}

/// A household document with `v` at the fact's place (a person's fact on the first member, or
/// on the first supporter when `supporter`).
fn place(f: &Fact, v: Value, supporter: bool) -> Value {
    match f.scope {
        Scope::Household => {
            let mut doc = json!({});
            let mut at = &mut doc;
            let mut parts = f.name.split('.').peekable();
            while let Some(p) = parts.next() {
                if parts.peek().is_none() {
                    at[p] = v;
                    break;
                }
                at = &mut at[p];
            }
            doc
        }
        Scope::Person => {
            let mut person = Map::new();
            person.insert("id".into(), json!("p"));
            person.insert(f.field().into(), v);
            let list = if supporter { "supporters" } else { "members" };
            json!({ list: [person] })
        }
        Scope::Vehicle => json!({ "assets": { "vehicles": [{ f.field(): v }] } }),
    }
}

#[test]
fn the_schema_describes_exactly_the_catalogued_facts() {
    let schema = schema_facts();
    let names: BTreeSet<&str> = FACTS.iter().map(|f| f.name).collect();
    let described: BTreeSet<&str> = schema.keys().map(String::as_str).collect();
    assert_eq!(
        described, names,
        "schema/household.schema.json and src/catalogue.rs name different facts"
    );
    for f in FACTS {
        let leaf = &schema[f.name];
        let mut words: Vec<&str> = f.vocabulary.to_vec();
        if f.ty == Type::Income {
            // An object's keys, which serde_json keeps sorted.
            words.sort_unstable();
        }
        assert_eq!(
            leaf.words, words,
            "{}: the schema's words differ from the catalogue's",
            f.name
        );
        let required = matches!(f.ty, Type::Id) || f.scope == Scope::Vehicle;
        assert_eq!(leaf.required, required, "{}: required", f.name);
    }
}

#[test]
fn every_fact_is_accepted_with_a_value_of_its_type() {
    for f in FACTS {
        for supporter in [false, true] {
            if supporter && f.scope != Scope::Person {
                continue;
            }
            let doc = place(f, sample(f), supporter);
            assert!(schema_accepts(&doc), "the schema rejects {doc}");
            assert!(parser_accepts(&doc), "the parser rejects {doc}");
            let null = place(f, Value::Null, supporter);
            assert_eq!(
                schema_accepts(&null),
                f.null_is_none,
                "{}: null means none only where the catalogue says so",
                f.name
            );
            if f.null_is_none {
                assert!(parser_accepts(&null), "the parser rejects {null}");
            }
        }
        for w in f.vocabulary {
            let doc = place(f, with_word(f, w), false);
            assert!(schema_accepts(&doc), "the schema rejects {doc}");
            assert!(parser_accepts(&doc), "the parser rejects {doc}");
        }
        if !f.vocabulary.is_empty() {
            let doc = place(f, with_word(f, "not_a_word"), false);
            assert!(!schema_accepts(&doc), "the schema accepts {doc}");
            assert!(!parser_accepts(&doc), "the parser accepts {doc}");
        }
    }
}

// ---- the TypeScript types ----------------------------------------------------------------------

struct Ts {
    /// Interface → property → (optional, type).
    interfaces: BTreeMap<String, BTreeMap<String, (bool, String)>>,
    /// Type alias → its definition.
    aliases: BTreeMap<String, String>,
}

/// Reads `src/wasm_types.d.ts` simply: `export interface X {` up to a line `}`, one property
/// per line; `export type X = ...;` on one line.
fn typescript() -> Ts {
    let text = read("src/wasm_types.d.ts");
    let mut ts = Ts {
        interfaces: BTreeMap::new(),
        aliases: BTreeMap::new(),
    };
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("export type ") {
            if let Some((name, def)) = rest.split_once(" = ") {
                ts.aliases
                    .insert(name.trim().into(), def.trim_end_matches(';').into());
            }
        } else if let Some(rest) = line.strip_prefix("export interface ") {
            let name = rest.split([' ', '{']).next().unwrap_or_default();
            current = Some(name.to_string());
            ts.interfaces.entry(name.to_string()).or_default();
        } else if line == "}" {
            current = None;
        } else if let Some(i) = &current {
            let line = line.trim();
            if let Some((prop, ty)) = line.split_once(": ") {
                if prop.starts_with("/**") || prop.starts_with('*') {
                    continue;
                }
                let (prop, optional) = match prop.strip_suffix('?') {
                    Some(p) => (p, true),
                    None => (prop, false),
                };
                let ty = ty.trim_end_matches(';').to_string();
                if let Some(props) = ts.interfaces.get_mut(i) {
                    props.insert(prop.into(), (optional, ty));
                }
            }
        }
    }
    ts
}

impl Ts {
    /// The string literals a type admits, through aliases.
    fn literals(&self, ty: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (i, part) in ty.split('"').enumerate() {
            if i % 2 == 1 {
                out.insert(part.to_string());
                continue;
            }
            for word in part.split(|c: char| !c.is_alphanumeric() && c != '_') {
                if let Some(def) = self.aliases.get(word) {
                    out.extend(self.literals(def));
                }
            }
        }
        out
    }
}

/// The interface that holds a fact's field.
fn interface(f: &Fact) -> &'static str {
    match f.name.split_once('.').map(|(p, _)| p) {
        Some("member") => "Person",
        Some("vehicle") => "Vehicle",
        Some("assets") => "Assets",
        Some("marriage") => "MarriageFacts",
        _ => "Household",
    }
}

#[test]
fn the_typescript_types_name_every_fact() {
    let ts = typescript();
    for f in FACTS {
        let owner = interface(f);
        let props = ts
            .interfaces
            .get(owner)
            .unwrap_or_else(|| panic!("no interface {owner} in src/wasm_types.d.ts"));
        let Some((optional, ty)) = props.get(f.field()) else {
            panic!(
                "src/wasm_types.d.ts: {owner} lacks `{}` ({})",
                f.field(),
                f.name
            );
        };
        let required = matches!(f.ty, Type::Id) || f.scope == Scope::Vehicle;
        assert_eq!(*optional, !required, "{}: optional", f.name);
        let none = if f.null_is_none { " | null" } else { "" };
        let expected = match f.ty {
            Type::Code | Type::Id => Some("string".to_string()),
            Type::Bool => Some("boolean".into()),
            Type::Count(_) => Some("number".into()),
            Type::Money => Some("Money".into()),
            Type::Date => Some(format!("IsoDate{none}")),
            Type::People => Some("Person[]".into()),
            Type::Vehicles => Some("Vehicle[]".into()),
            _ => None,
        };
        if let Some(e) = expected {
            assert_eq!(ty, &e, "src/wasm_types.d.ts: {owner}.{}", f.field());
        }
        if f.null_is_none {
            assert!(ty.ends_with("| null"), "{owner}.{}: `| null`", f.field());
        }
        if !f.vocabulary.is_empty() {
            let words: BTreeSet<String> = f.vocabulary.iter().map(|w| w.to_string()).collect();
            let found = if f.ty == Type::Vehicles {
                ts.literals(&ts.interfaces["Vehicle"]["kind"].1)
            } else {
                ts.literals(ty)
            };
            assert_eq!(found, words, "src/wasm_types.d.ts: {owner}.{}", f.field());
        }
    }
    // And nothing more: every property of those interfaces is a fact or a group of facts.
    for owner in ["Household", "Assets", "MarriageFacts", "Person", "Vehicle"] {
        for prop in ts.interfaces[owner].keys() {
            let known = FACTS.iter().any(|f| {
                interface(f) == owner && f.field() == prop
                    || owner == "Household" && f.name.starts_with(&format!("{prop}."))
            });
            assert!(
                known,
                "src/wasm_types.d.ts: {owner}.{prop} is not catalogued"
            );
        }
    }
}

// ---- the engine's names ------------------------------------------------------------------------

#[test]
fn fact_keys_round_trip_every_catalogued_name() {
    let names = catalogue::key_names();
    for n in &names {
        let key = FactKey::parse(n).unwrap_or_else(|| panic!("FactKey::parse({n}) is None"));
        assert_eq!(&key.name(), n);
    }
    for key in FactKey::all() {
        assert!(
            names.contains(&key.name()),
            "{} is a FactKey but not catalogued",
            key.name()
        );
    }
    for f in FACTS.iter().filter(|f| !f.key) {
        assert!(FactKey::parse(f.name).is_none(), "{}", f.name);
    }
    let fields: BTreeSet<&str> = Field::all().map(|f| f.name()).collect();
    let person: BTreeSet<&str> = FACTS
        .iter()
        .filter(|f| f.scope == Scope::Person && f.key)
        .map(|f| f.field())
        .collect();
    assert_eq!(fields, person, "compile::node::Field and the catalogue");
}

fn ty(t: Type) -> Option<Ty> {
    Some(match t {
        Type::Bool => Ty::Bool,
        Type::Count(_) | Type::Money => Ty::Num,
        Type::Date => Ty::Date,
        Type::Symbol => Ty::Str,
        Type::Set => Ty::Set,
        _ => return None,
    })
}

#[test]
fn person_facts_read_the_catalogued_fields() {
    for f in FACTS.iter().filter(|f| f.scope == Scope::Person) {
        for r in f.reads {
            let (pf, t) = PersonFact::by_name(r)
                .unwrap_or_else(|| panic!("{}: PersonFact::by_name({r}) is None", f.name));
            assert_eq!(pf.field().name(), f.field(), "`{r}` reads another field");
            if *r == f.field() {
                assert_eq!(Some(t), ty(f.ty), "`{r}`'s type");
            }
        }
    }
    for (name, pf, _) in PersonFact::names() {
        let f = FACTS
            .iter()
            .find(|f| f.scope == Scope::Person && f.reads.contains(&name));
        assert!(f.is_some(), "person fact `{name}` is not catalogued");
        assert_eq!(f.map(|f| f.field()), Some(pf.field().name()));
    }
    for d in huimin::builtins::BUILTINS {
        if let huimin::builtins::Imp::Person { reads, .. } = d.imp {
            let name = format!("member.{}", reads.name());
            assert!(catalogue::find(&name).is_some(), "{}: {name}", d.name);
        }
    }
}

/// A pack whose household definitions `t0`, `t1`, ... are the given expressions.
fn engine(exprs: &[String]) -> huimin::Engine {
    let mut text =
        String::from("[pack]\nregion = \"000000\"\nname = { zh = \"全国\", en = \"National\" }\n");
    for (i, e) in exprs.iter().enumerate() {
        text.push_str(&format!("[household.t{i}]\nexpr = '''{e}'''\n"));
    }
    let bundle = huimin::pack::Bundle::from_files(vec![("000000/t.toml".into(), text)])
        .unwrap_or_else(|e| panic!("{e:?}"));
    huimin::Engine::new(bundle).unwrap_or_else(|e| panic!("{e}"))
}

/// An expression that is known exactly when the rule name `r` (of type `t`) is, at household
/// scope.
fn reading(f: &Fact, r: &str, t: Ty, list: &str) -> String {
    let test = match t {
        Ty::Num if f.scope == Scope::Household => r.to_string(),
        Ty::Num => return format!("sum({list}, {r})"),
        Ty::Bool => r.to_string(),
        Ty::Str => format!("{r} == \"none\""),
        Ty::Set => format!("\"none\" in {r}"),
        Ty::Date => format!("{r} == date(\"2000-01-01\")"),
    };
    match f.scope {
        Scope::Household => test,
        _ => format!("any({list}, {test})"),
    }
}

#[test]
fn rules_read_every_fact_by_its_catalogued_names() {
    // (fact, document with it, expression reading it)
    let mut cases: Vec<(&Fact, bool, String)> = Vec::new();
    for f in FACTS {
        for r in f.reads {
            match f.scope {
                Scope::Person => {
                    let (_, t) = PersonFact::by_name(r).unwrap();
                    cases.push((f, false, reading(f, r, t, "members")));
                    cases.push((f, true, reading(f, r, t, "supporters")));
                }
                Scope::Vehicle => {
                    cases.push((f, false, format!("count(vehicles where {r} == \"car\")")))
                }
                Scope::Household if matches!(f.ty, Type::People | Type::Vehicles) => {
                    cases.push((f, false, format!("count({r})")))
                }
                Scope::Household => {
                    let t = ty(f.ty).unwrap_or_else(|| panic!("{}: a type rules read", f.name));
                    cases.push((f, false, reading(f, r, t, "")));
                }
            }
        }
    }
    let exprs: Vec<String> = cases.iter().map(|(_, _, e)| e.clone()).collect();
    let engine = engine(&exprs);
    let date = huimin::parse_date("2018-03-01").unwrap();
    let mut a = engine.assessor(None, date).unwrap();
    for (i, (f, supporter, e)) in cases.iter().enumerate() {
        let given = place(f, sample(f), *supporter);
        // The same place without the fact: an empty person, no vehicles list, no key.
        let absent = match f.scope {
            Scope::Person => {
                json!({ if *supporter { "supporters" } else { "members" }: [{ "id": "p" }] })
            }
            _ => json!({}),
        };
        let mut v = |doc: &Value| {
            let hh = huimin::parse_household(&doc.to_string()).unwrap();
            a.definition(&hh, &format!("t{i}")).unwrap()
        };
        let known = v(&given).is_some_and(|x| x.is_known());
        assert!(known, "`{e}` is unknown over {given}");
        let unknown = v(&absent).is_none_or(|x| !x.is_known());
        assert!(unknown, "`{e}` is known over {absent}");
    }
}

#[test]
fn forms_ask_catalogued_facts() {
    for field in huimin::form::fields() {
        let f = catalogue::find(field.fact).unwrap();
        assert_eq!(f.ask, Some(field.kind), "{}", f.name);
        assert!(FactKey::parse(field.fact).is_some(), "{}", f.name);
    }
}

#[test]
fn the_readme_names_what_rules_read() {
    let readme = read("README.md");
    let names = readme
        .split_once("Names: facts (")
        .and_then(|(_, rest)| rest.split_once("parameters (their value"))
        .map(|(n, _)| n)
        .expect("the README's paragraph of names");
    for f in FACTS {
        if matches!(f.ty, Type::People | Type::Vehicles) {
            continue;
        }
        for r in f.reads {
            assert!(
                names.contains(&format!("`{r}`")),
                "README.md's names of facts lack `{r}` ({})",
                f.name
            );
        }
    }
}
