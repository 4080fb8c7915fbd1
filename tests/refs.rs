//! A result written with references (`huimin::refs`) is the full result once its indices are
//! resolved: over the example households and synthetic households of every local pack, on a
//! day in 2018 and today (when stale figures are named), with and without the trace, for every
//! topic, and in each language alone.

use huimin::bench::Rng;
use huimin::compile::Topic;
use huimin::explain::Lang;
use huimin::{Engine, Options};
use serde_json::Value;

const REGIONS: [&str; 6] = ["220723", "431225", "420323", "511600", "511725", "341702"];

/// What `www/refs.js` does: every `citation` that is a number, and every number in a
/// `parameters` or `stale` list, replaced by that item of its top-level list (absent when
/// empty), and the lists taken off.
fn resolve(refs: Value) -> Value {
    resolve_held(refs, &mut Vec::new())
}

/// [`resolve`] for a result written for a caller that keeps its pieces in `kept`: the result's
/// `pieces` appended at `pieces_from`, then every citation and rule text that is a number
/// replaced by that piece, as `www/refs.js` does.
fn resolve_held(mut refs: Value, kept: &mut Vec<Value>) -> Value {
    let from = refs
        .as_object_mut()
        .and_then(|o| o.remove("pieces_from"))
        .map(|v| usize::try_from(v.as_u64().unwrap()).unwrap());
    let mut take = |k: &str| {
        refs.as_object_mut()
            .and_then(|o| o.remove(k))
            .and_then(|v| match v {
                Value::Array(a) => Some(a),
                _ => None,
            })
            .unwrap_or_default()
    };
    let mut citations = take("citations");
    let (mut parameters, mut stale) = (take("parameters"), take("stale"));
    let pieces = take("pieces");
    let inputs = take("inputs");
    if let Some(from) = from {
        assert!(citations.is_empty(), "citations listed beside pieces");
        assert!(
            from <= kept.len(),
            "pieces from {from}, {} kept",
            kept.len()
        );
        kept.truncate(from);
        kept.extend(pieces);
        citations = kept.clone();
    } else {
        assert!(pieces.is_empty(), "pieces without pieces_from");
    }
    let held = from.map(|_| citations.as_slice());
    let lists = Lists {
        citations: &citations,
        parameters: &[],
        stale: &[],
        inputs: &[],
        held,
    };
    parameters.iter_mut().for_each(|p| lists.walk(p));
    stale.iter_mut().for_each(|s| lists.walk(s));
    let lists = Lists {
        citations: &citations,
        parameters: &parameters,
        stale: &stale,
        inputs: &inputs,
        held,
    };
    lists.walk(&mut refs);
    refs
}

struct Lists<'a> {
    citations: &'a [Value],
    parameters: &'a [Value],
    stale: &'a [Value],
    inputs: &'a [Value],
    /// The caller's pieces, for a result written for a caller that keeps them.
    held: Option<&'a [Value]>,
}

/// Fields whose number is the index of a piece, in a result for a caller that keeps them.
const PIECES: [&str; 8] = [
    "text",
    "test",
    "note",
    "name",
    "apply_at",
    "description",
    "instead_name",
    "label",
];

impl Lists<'_> {
    fn walk(&self, v: &mut Value) {
        match v {
            Value::Array(a) => a.iter_mut().for_each(|x| self.walk(x)),
            Value::Object(o) => {
                // A reason's rule, for a caller that keeps pieces: its criterion, and its text,
                // test and citation by index among them.
                if let (Some(Value::Number(n)), Some(held)) = (o.get("rule"), self.held) {
                    let rule = item(held, n);
                    o.remove("rule");
                    o.insert("criterion".into(), rule["criterion"].clone());
                    for k in ["text", "test", "citation"] {
                        let Value::Number(n) = &rule[k] else {
                            panic!("a rule's {k} that is not an index: {rule}");
                        };
                        o.insert(k.into(), item(held, n));
                    }
                }
                for (k, x) in o.iter_mut() {
                    match (k.as_str(), &mut *x, self.held) {
                        ("citation", Value::Number(n), _) => *x = item(self.citations, n),
                        (k, Value::Number(n), Some(held)) if PIECES.contains(&k) => {
                            *x = item(held, n)
                        }
                        ("documents", Value::Array(a), Some(held)) => resolve_all(a, held),
                        ("parameters", Value::Array(a), _) => resolve_all(a, self.parameters),
                        ("stale", Value::Array(a), _) => resolve_all(a, self.stale),
                        ("inputs" | "values", Value::Array(a), _) => resolve_all(a, self.inputs),
                        _ => self.walk(x),
                    }
                }
            }
            _ => {}
        }
    }
}

fn resolve_all(a: &mut [Value], list: &[Value]) {
    for x in a {
        let Value::Number(n) = x else {
            panic!("a list item that is not a reference: {x}");
        };
        *x = item(list, n);
    }
}

fn item(list: &[Value], n: &serde_json::Number) -> Value {
    let i = usize::try_from(n.as_u64().unwrap()).unwrap();
    list.get(i).unwrap_or_else(|| panic!("no item {i}")).clone()
}

/// In a result for a caller that keeps pieces, every reason on a criterion names it by its rule
/// (one piece for its criterion, text, test and citation); only the amount's is written out.
fn every_reason_names_its_rule(v: &Value) {
    match v {
        Value::Array(a) => a.iter().for_each(every_reason_names_its_rule),
        Value::Object(o) => {
            if let Some(Value::Array(reasons)) = o.get("reasons") {
                for r in reasons {
                    assert!(
                        r.get("rule").is_some_and(Value::is_u64) || r["criterion"] == "amount",
                        "a reason without its rule: {r}"
                    );
                }
            }
            o.values().for_each(every_reason_names_its_rule);
        }
        _ => {}
    }
}

/// `v` with every text (an object of `zh` and `en`) in language `keep` alone.
fn one_language(v: &Value, keep: &str) -> Value {
    match v {
        Value::Array(a) => Value::Array(a.iter().map(|x| one_language(x, keep)).collect()),
        Value::Object(o) if o.len() == 2 && o.contains_key("zh") && o.contains_key("en") => {
            Value::Object(
                o.iter()
                    .filter(|(k, _)| *k == keep)
                    .map(|(k, x)| (k.clone(), x.clone()))
                    .collect(),
            )
        }
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), one_language(x, keep)))
                .collect(),
        ),
        x => x.clone(),
    }
}

/// Counts the indices in the `inputs` and `values` lists of the reasons in `v`.
fn read_indices(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.iter().map(read_indices).sum(),
        Value::Object(o) => o
            .iter()
            .map(|(k, x)| match x {
                Value::Array(a) if k == "inputs" || k == "values" => {
                    a.iter().filter(|i| i.is_u64()).count() + read_indices(x)
                }
                _ => read_indices(x),
            })
            .sum(),
        _ => 0,
    }
}

/// Counts the objects under `key` in `v` (quotations in the full result).
fn count(v: &Value, key: &str) -> usize {
    match v {
        Value::Array(a) => a.iter().map(|x| count(x, key)).sum(),
        Value::Object(o) => o
            .iter()
            .map(|(k, x)| usize::from(k == key && x.is_object()) + count(x, key))
            .sum(),
        _ => 0,
    }
}

/// Checks one household; the number of citations quoted in its full results and listed in
/// its results with references.
fn check(engine: &Engine, doc: &str, date: time::Date) -> (usize, usize) {
    let hh = engine.parse_household(doc).unwrap();
    let (mut quoted, mut listed) = (0, 0);
    for trace in [false, true] {
        for topic in [Some(Topic::Benefits), Some(Topic::Marriage), None] {
            let a = engine.assess(&hh, date, Options { trace, topic }).unwrap();
            let full = serde_json::to_value(&a).unwrap();
            let text = huimin::refs::to_json_with_refs(&a, None).unwrap();
            let refs: Value = serde_json::from_str(&text).unwrap();
            listed += refs["citations"].as_array().map_or(0, Vec::len);
            quoted += count(&full, "citation");
            assert!(text.len() <= full.to_string().len(), "{doc}");
            assert_eq!(
                resolve(refs),
                full,
                "{doc} on {date}, trace {trace}, {topic:?}"
            );
            // The full form is unchanged by a write with references before it.
            assert_eq!(serde_json::to_value(&a).unwrap(), full);
            // In one language: every text with that language alone.
            for (lang, keep) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
                let text = huimin::refs::to_json_with_refs(&a, Some(lang)).unwrap();
                let refs: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(
                    resolve(refs),
                    one_language(&full, keep),
                    "{doc} on {date}, {keep}"
                );
            }
        }
    }
    (quoted, listed)
}

#[test]
fn a_result_with_references_is_the_full_result_resolved() {
    let engine = Engine::builtin().unwrap();
    let (mut quoted, mut listed) = (0, 0);
    for date in ["2018-06-01", "2026-12-01"] {
        let date = huimin::parse_date(date).unwrap();
        for entry in std::fs::read_dir("examples").unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let (q, l) = check(&engine, &std::fs::read_to_string(&path).unwrap(), date);
                quoted += q;
                listed += l;
            }
        }
        let mut rng = Rng::new(7);
        for region in REGIONS {
            for _ in 0..5 {
                let doc = huimin::synth::household(&mut rng, region, 2018).to_string();
                let (q, l) = check(&engine, &doc, date);
                quoted += q;
                listed += l;
            }
        }
    }
    // Each citation is written once per result: far fewer than the quotations.
    assert!(
        listed > 0 && listed * 2 < quoted,
        "{listed} listed, {quoted} quoted"
    );
}

#[test]
fn the_rural_family_names_each_citation_once() {
    let engine = Engine::builtin().unwrap();
    let doc = std::fs::read_to_string("examples/qianan_rural_family.json").unwrap();
    let hh = engine.parse_household(&doc).unwrap();
    let date = huimin::parse_date("2026-12-01").unwrap();
    let a = engine
        .assess(
            &hh,
            date,
            Options {
                trace: true,
                topic: Some(Topic::Benefits),
            },
        )
        .unwrap();
    let refs: Value =
        serde_json::from_str(&huimin::refs::to_json_with_refs(&a, None).unwrap()).unwrap();
    let citations = refs["citations"].as_array().unwrap();
    // Listed once: no two entries are the same citation.
    for (i, c) in citations.iter().enumerate() {
        assert!(!citations[..i].contains(c), "{c} listed twice");
    }
    // Every reason names its citation by index, and every traced parameter is an index.
    for p in refs["programs"].as_array().unwrap() {
        let members = p["members"].as_array().into_iter().flatten();
        for r in p["reasons"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(members.flat_map(|m| m["reasons"].as_array().into_iter().flatten()))
        {
            assert!(r["citation"].is_u64(), "{r}");
            for x in r["parameters"].as_array().into_iter().flatten() {
                assert!(x.is_u64(), "{x}");
            }
        }
    }
    // The facts and values its reasons read, listed once each, named many times.
    let inputs = refs["inputs"].as_array().unwrap();
    for (i, x) in inputs.iter().enumerate() {
        assert!(!inputs[..i].contains(x), "{x} listed twice");
    }
    let named = read_indices(&refs);
    assert!(
        named > inputs.len() * 2,
        "{named} reads named, {} listed",
        inputs.len()
    );
    // Its stale figures are listed (2026 is past what the 乾安 figures are known until).
    assert!(!refs["stale"].as_array().unwrap().is_empty());
}

/// A caller that keeps its pieces: one engine-wide list, written in each call's language, and
/// one kept list per language on the caller's side.
#[test]
fn a_caller_that_keeps_its_pieces_resolves_every_result_in_full() {
    let engine = Engine::builtin().unwrap();
    let mut held = huimin::refs::Held::default();
    let mut kept: [(Lang, &str, Vec<Value>); 2] =
        [(Lang::Zh, "zh", Vec::new()), (Lang::En, "en", Vec::new())];
    let mut docs: Vec<String> = ["qianan_rural_family", "qianan_urban_single", "divorce_2025"]
        .iter()
        .map(|n| std::fs::read_to_string(format!("examples/{n}.json")).unwrap())
        .collect();
    let mut rng = Rng::new(11);
    for region in REGIONS {
        for _ in 0..3 {
            docs.push(huimin::synth::household(&mut rng, region, 2018).to_string());
        }
    }
    let mut sizes = Vec::new();
    let mut after_first_pass = 0;
    for pass in 0..2 {
        for (d, doc) in docs.iter().enumerate() {
            let hh = engine.parse_household(doc).unwrap();
            for date in ["2018-06-01", "2026-12-01"] {
                let date = huimin::parse_date(date).unwrap();
                for trace in [false, true] {
                    let a = engine
                        .assess(&hh, date, Options { trace, topic: None })
                        .unwrap();
                    let full = serde_json::to_value(&a).unwrap();
                    for (lang, keep, list) in kept.iter_mut() {
                        let text =
                            huimin::refs::to_json_with_held(&a, Some(*lang), &mut held, list.len())
                                .unwrap();
                        if d == 0 && !trace && *keep == "zh" && date.year() == 2026 {
                            let alone = huimin::refs::to_json_with_refs(&a, Some(*lang)).unwrap();
                            sizes.push((alone.len(), text.len()));
                        }
                        let refs: Value = serde_json::from_str(&text).unwrap();
                        every_reason_names_its_rule(&refs);
                        assert_eq!(
                            resolve_held(refs, list),
                            one_language(&full, keep),
                            "{doc} on {date}, {keep}, trace {trace}"
                        );
                    }
                }
            }
        }
        if pass == 0 {
            after_first_pass = held.len();
        }
    }
    // The list holds the rules' pieces: the same households again add none.
    assert!(after_first_pass > 0);
    for p in kept[0].2.iter().skip(after_first_pass).take(12) {
        eprintln!("NEW {p}");
    }
    assert_eq!(held.len(), after_first_pass);
    // A caller that asks for a list it does not hold from the start gets it from the start.
    let hh = engine.parse_household(&docs[0]).unwrap();
    let date = huimin::parse_date("2026-12-01").unwrap();
    let a = engine.assess(&hh, date, Options::default()).unwrap();
    let text = huimin::refs::to_json_with_held(&a, Some(Lang::Zh), &mut held, usize::MAX).unwrap();
    let refs: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(refs["pieces_from"], Value::from(held.len()));
    let mut fresh = Vec::new();
    let text = huimin::refs::to_json_with_held(&a, Some(Lang::Zh), &mut held, 0).unwrap();
    let refs: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        resolve_held(refs, &mut fresh),
        one_language(&serde_json::to_value(&a).unwrap(), "zh")
    );
    // The rural family's result once its pieces are held: a fraction of the one written with
    // references alone.
    let (alone, again) = sizes[1];
    assert!(
        again * 2 < alone,
        "{alone} bytes with references, {again} with pieces held"
    );
    println!(
        "the rural family in Chinese: {alone} bytes with references, {again} with pieces held"
    );
}
