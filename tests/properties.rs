//! Properties of the engine over generated households (issue 7, part 3): more income never helps,
//! supplying an unknown fact never unsettles a decided program (Kleene monotonicity), the order
//! of members does not matter, results survive a JSON round trip, and every status is one of the
//! four. Households are generated as JSON in the format of `schema/household.schema.json`, for
//! every region with a rule pack, and assessed with the built-in rules on dates in 2017–2026.
//! Results are compared as JSON values, so these tests do not depend on the result's Rust types.
#![cfg(not(target_arch = "wasm32"))]

use huimin::engine::Topic;
use huimin::{Engine, Options};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::builtin().unwrap())
}

const REGIONS: &[&str] = &["220723", "431225", "420323", "511600", "511725", "341702"];
const RELATIONS: &[&str] = &[
    "spouse",
    "child",
    "parent",
    "grandparent",
    "grandchild",
    "sibling",
    "other",
];
const DISABILITY_KINDS: &[&str] = &[
    "visual",
    "hearing",
    "speech",
    "physical",
    "intellectual",
    "mental",
    "multiple",
];
const INCOME: &[&str] = &[
    "wage",
    "farming",
    "business",
    "property",
    "pension",
    "basic_pension_central",
    "support_payments",
    "disability_subsidy",
    "scholarship",
    "preferential_care",
    "social_assistance",
    "family_planning_award",
    "heroism_award",
    "elder_allowance",
    "de_facto_orphan_allowance",
    "social_insurance",
    "unemployment_benefit",
    "work_injury_care",
    "other",
];
const STATUS: &[&str] = &[
    "in_prison",
    "compulsory_rehab",
    "declared_missing",
    "fulltime_student",
    "employed",
    "clergy_away",
    "conscript",
    "lacks_civil_capacity",
    "refused_work",
    "needs_long_term_care",
    "deceased",
    "parents_not_found",
    "veteran_demobilized",
    "veteran_ill_returned",
    "veteran_war_participant",
    "martyr_family",
    "disabled_veteran_7_10",
    "in_secondary_school",
];
const RECEIVES: &[&str] = &[
    "dibao",
    "low_income",
    "tekun",
    "disability_living",
    "disability_care",
    "temporary_assistance",
    "orphan",
    "de_facto_orphan",
    "veteran_outpatient",
    "veteran_pension",
    "elderly_care_subsidy",
    "elder_allowance",
    "work_injury_care",
    "dibao_gradual_exit",
];
const HARDSHIPS: &[&str] = &[
    "natural_disaster",
    "fire",
    "accident",
    "sudden_illness",
    "medical_expense",
    "education_expense",
    "other_hardship",
];
const VEHICLES: &[&str] = &[
    "car",
    "motorcycle",
    "disability_vehicle",
    "electric_bike",
    "farm_machinery",
    "truck",
    "other",
];
const MARITAL: &[&str] = &["unmarried", "married", "divorced", "widowed"];
const KINSHIP: &[&str] = &[
    "none",
    "lineal",
    "collateral_within_3",
    "collateral_beyond_3",
];
const STATUSES: &[&str] = &["eligible", "ineligible", "needs_info", "refer"];

// ---- strategies ------------------------------------------------------------------------------

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A valid `YYYY-MM-DD` in the years given (29 February included in leap years).
fn date_in(years: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = String> {
    (years, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| {
        let d = d.min(days_in_month(y, m));
        format!("{y:04}-{m:02}-{d:02}")
    })
}

/// A money string: zero, whole yuan, or yuan and fen.
fn money() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just("0".to_string()),
        3 => (0u64..3_000).prop_map(|y| y.to_string()),
        3 => (0u64..300_000).prop_map(|c| format!("{}.{:02}", c / 100, c % 100)),
        1 => (0u64..50_000_000).prop_map(|y| y.to_string()),
    ]
}

/// A flag list: mostly empty, sometimes one or two flags.
fn flags(all: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => Just(json!([])),
        2 => subsequence(all, 1..=2).prop_map(|v| json!(v)),
    ]
}

/// Present with probability `p`, otherwise absent (unknown).
fn maybe<S: Strategy<Value = Value> + 'static>(p: f64, s: S) -> BoxedStrategy<Option<Value>> {
    if p >= 1.0 {
        s.prop_map(Some).boxed()
    } else {
        prop::option::weighted(p, s).boxed()
    }
}

fn income() -> impl Strategy<Value = Value> {
    prop::collection::vec(
        (
            select(INCOME),
            prop_oneof![9 => money().prop_map(Value::from), 1 => Just(Value::Null)],
        ),
        0..4,
    )
    .prop_map(|v| {
        let mut m = Map::new();
        for (k, x) in v {
            m.insert(k.to_string(), x);
        }
        Value::Object(m)
    })
}

fn disability() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => Just(Value::Null),
        1 => (select(DISABILITY_KINDS), 1u8..=4).prop_map(|(k, g)| json!({"kind": k, "grade": g})),
    ]
}

fn since() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => Just(Value::Null),
        1 => date_in(2010..=2026).prop_map(Value::from),
    ]
}

/// A person with id `id`; each fact present with probability `p`.
fn person(id: String, relation: Option<&'static str>, p: f64) -> BoxedStrategy<Value> {
    let relation = match relation {
        Some(r) => Just(Some(json!(r))).boxed(),
        None => maybe(p, select(RELATIONS).prop_map(Value::from)).boxed(),
    };
    (
        (
            relation,
            maybe(p, select(&["male", "female"][..]).prop_map(Value::from)),
            maybe(p, date_in(1920..=2016).prop_map(Value::from)),
            maybe(p, disability()),
            maybe(p, (0u8..=6).prop_map(Value::from)),
            maybe(p, any::<bool>().prop_map(Value::from)),
        ),
        (
            maybe(p, income()),
            maybe(p, flags(STATUS)),
            maybe(p, flags(RECEIVES)),
            maybe(p, since()),
            maybe(p, since()),
            maybe(p / 2.0, select(MARITAL).prop_map(Value::from)),
        ),
    )
        .prop_map(
            move |((rel, sex, birth, dis, adl, ill), (inc, st, rec, lost, det, mar))| {
                let mut m = Map::new();
                m.insert("id".into(), json!(id));
                for (k, v) in [
                    ("relation", rel),
                    ("sex", sex),
                    ("birth_date", birth),
                    ("disability", dis),
                    ("adl_failed", adl),
                    ("serious_illness", ill),
                    ("income", inc),
                    ("status", st),
                    ("receives", rec),
                    ("lost_contact_since", lost),
                    ("detained_since", det),
                    ("marital_status", mar),
                ] {
                    if let Some(v) = v {
                        m.insert(k.into(), v);
                    }
                }
                Value::Object(m)
            },
        )
        .boxed()
}

fn members(p: f64) -> impl Strategy<Value = Value> {
    (1usize..=6).prop_flat_map(move |n| {
        (0..n)
            .map(|i| person(format!("m{i}"), (i == 0).then_some("applicant"), p))
            .collect::<Vec<_>>()
            .prop_map(Value::Array)
    })
}

fn supporters(p: f64) -> impl Strategy<Value = Value> {
    (0usize..=2).prop_flat_map(move |n| {
        (0..n)
            .map(|i| person(format!("s{i}"), None, p))
            .collect::<Vec<_>>()
            .prop_map(Value::Array)
    })
}

fn assets(p: f64) -> impl Strategy<Value = Value> {
    (
        maybe(p, money().prop_map(Value::from)),
        maybe(p, (0u32..=3).prop_map(Value::from)),
        maybe(
            p,
            prop::collection::vec(select(VEHICLES), 0..=2)
                .prop_map(|v| Value::Array(v.into_iter().map(|k| json!({ "kind": k })).collect())),
        ),
    )
        .prop_map(|(d, h, v)| {
            let mut m = Map::new();
            for (k, x) in [("deposits", d), ("homes", h), ("vehicles", v)] {
                if let Some(x) = x {
                    m.insert(k.into(), x);
                }
            }
            Value::Object(m)
        })
}

fn marriage() -> impl Strategy<Value = Value> {
    (
        maybe(0.7, select(KINSHIP).prop_map(Value::from)),
        maybe(0.7, any::<bool>().prop_map(Value::from)),
        maybe(0.7, any::<bool>().prop_map(Value::from)),
        maybe(0.7, any::<bool>().prop_map(Value::from)),
        maybe(0.7, any::<bool>().prop_map(Value::from)),
        maybe(0.7, date_in(2017..=2026).prop_map(Value::from)),
    )
        .prop_map(|(k, ip, v, at, ag, ap)| {
            let mut m = Map::new();
            for (key, x) in [
                ("kinship", k),
                ("in_person", ip),
                ("voluntary", v),
                ("at_hukou_registry", at),
                ("divorce_agreement", ag),
                ("divorce_applied", ap),
            ] {
                if let Some(x) = x {
                    m.insert(key.into(), x);
                }
            }
            Value::Object(m)
        })
}

/// A household; each fact is present (known) with probability `p`.
fn household_with(p: f64) -> impl Strategy<Value = Value> {
    (
        select(REGIONS),
        maybe(p, select(&["urban", "rural"][..]).prop_map(Value::from)),
        members(p),
        maybe(p, assets(p)),
        maybe(p, supporters(p)),
        maybe(p, flags(HARDSHIPS)),
        maybe(0.2, marriage()),
    )
        .prop_map(
            |(region, hukou, members, assets, supporters, hardships, marriage)| {
                let mut m = Map::new();
                m.insert("region".into(), json!(region));
                m.insert("members".into(), members);
                for (k, x) in [
                    ("hukou", hukou),
                    ("assets", assets),
                    ("supporters", supporters),
                    ("hardships", hardships),
                    ("marriage", marriage),
                ] {
                    if let Some(x) = x {
                        m.insert(k.into(), x);
                    }
                }
                Value::Object(m)
            },
        )
}

/// Households with every fact, most facts or some facts known; more than half of them poor
/// enough for dibao to be within reach.
fn household() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => household_with(1.0).prop_map(poorer),
        2 => household_with(0.95).prop_map(poorer),
        2 => household_with(0.95),
        1 => household_with(0.6),
    ]
}

/// The remainder of a money string modulo `m` yuan, as a money string.
fn money_mod(v: &mut Value, m: i64) {
    if let Some(x) = v.as_str().and_then(|s| s.parse::<Decimal>().ok()) {
        *v = json!((x % Decimal::from(m)).normalize().to_string());
    }
}

/// The same household with small incomes and deposits, at most one home and no vehicle that
/// counts against dibao.
fn poorer(mut hh: Value) -> Value {
    for m in hh["members"].as_array_mut().into_iter().flatten() {
        for x in m
            .get_mut("income")
            .and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|i| i.values_mut())
        {
            money_mod(x, 400);
        }
    }
    if let Some(a) = hh.get_mut("assets").and_then(Value::as_object_mut) {
        if let Some(d) = a.get_mut("deposits") {
            money_mod(d, 6000);
        }
        if let Some(h) = a.get_mut("homes") {
            *h = json!(h.as_u64().unwrap_or(0).min(1));
        }
        if let Some(Value::Array(v)) = a.get_mut("vehicles") {
            v.retain(|x| x["kind"] == "electric_bike" || x["kind"] == "disability_vehicle");
        }
    }
    hh
}

/// Households for the dibao properties: mostly poor, fully known and in a county whose dibao
/// standards are in the rules (乾安, 会同), with every income category known.
fn dibao_household() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => (household_with(1.0), select(&["220723", "431225"][..])).prop_map(|(mut hh, region)| {
            hh["region"] = json!(region);
            for m in hh["members"].as_array_mut().into_iter().flatten() {
                if let Some(i) = m.get_mut("income").and_then(Value::as_object_mut) {
                    i.retain(|_, x| !x.is_null());
                }
            }
            poorer(hh)
        }),
        1 => household(),
    ]
}

/// An assessment date in 2017–2026.
fn date() -> impl Strategy<Value = String> {
    date_in(2017..=2026)
}

// ---- helpers ---------------------------------------------------------------------------------

fn assess_opts(hh: &Value, date: &str, opts: Options) -> Value {
    let text = hh.to_string();
    match engine().assess_json(&text, date, opts) {
        Ok(a) => serde_json::to_value(&a).unwrap(),
        Err(e) => panic!("{date} {text}: {e}"),
    }
}

fn assess(hh: &Value, date: &str) -> Value {
    assess_opts(hh, date, Options::default())
}

fn programs(a: &Value) -> &Vec<Value> {
    a["programs"].as_array().unwrap()
}

fn program<'a>(a: &'a Value, id: &str) -> &'a Value {
    programs(a)
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no program {id}"))
}

fn decimal(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

fn member_mut(hh: &mut Value, i: usize) -> &mut Map<String, Value> {
    let list = hh["members"].as_array_mut().unwrap();
    let n = list.len();
    list[i % n].as_object_mut().unwrap()
}

/// Facts that may be made unknown. `receives` is left out on purpose: the rules presume a person
/// receives no 特困 support when it is unknown (`assume("tekun" in receives, false)` in
/// `rules/000000/household.toml`), and a presumption is by design not monotone. For the same
/// reason a relation `other` is never forgotten (`forget` leaves it): a listed member whose
/// relation is unknown is presumed to be a counted household member
/// (`assume(relation != "other", true)`).
const FACTS: &[&str] = &[
    "hukou",
    "members",
    "assets",
    "assets.deposits",
    "assets.homes",
    "assets.vehicles",
    "supporters",
    "hardships",
    "marriage.kinship",
    "marriage.divorce_applied",
    "member.relation",
    "member.sex",
    "member.birth_date",
    "member.disability",
    "member.adl_failed",
    "member.serious_illness",
    "member.income",
    "member.income.wage",
    "member.income.farming",
    "member.status",
    "member.lost_contact_since",
    "member.detained_since",
    "member.marital_status",
    "supporter.income",
    "supporter.status",
    "supporter.detained_since",
];

/// Makes one fact unknown: removes its key, or for an income category sets it to `null`.
/// Returns whether the household changed.
fn forget(hh: &mut Value, fact: &str, who: usize) -> bool {
    let before = hh.clone();
    let remove = |obj: &mut Value, key: &str| {
        if let Some(m) = obj.as_object_mut() {
            m.remove(key);
        }
    };
    match fact.split_once('.') {
        None => remove(hh, fact),
        Some(("member", rest)) => {
            let m = member_mut(hh, who);
            match rest.split_once('.') {
                None if rest == "relation" && m.get("relation") == Some(&json!("other")) => {}
                None => {
                    m.remove(rest);
                }
                Some(("income", cat)) => {
                    if let Some(inc) = m.get_mut("income").and_then(Value::as_object_mut) {
                        inc.insert(cat.into(), Value::Null);
                    }
                }
                Some(_) => unreachable!(),
            }
        }
        Some(("supporter", rest)) => {
            if let Some(list) = hh.get_mut("supporters").and_then(Value::as_array_mut) {
                if !list.is_empty() {
                    let n = list.len();
                    remove(&mut list[who % n], rest);
                }
            }
        }
        Some((outer, key)) => {
            if let Some(o) = hh.get_mut(outer) {
                remove(o, key);
            }
        }
    }
    *hh != before
}

/// Replaces `members[i]` in every string with `members[<id>]`, so that results of households
/// whose members come in different orders can be compared.
fn name_members(v: &mut Value, ids: &[String]) {
    match v {
        Value::String(s) if s.contains("members[") => {
            let mut out = String::new();
            let mut rest = s.as_str();
            while let Some(at) = rest.find("members[") {
                let (head, tail) = rest.split_at(at + "members[".len());
                out.push_str(head);
                let end = tail.find(']').unwrap_or(0);
                match tail[..end].parse::<usize>() {
                    Ok(i) => {
                        out.push('<');
                        out.push_str(&ids[i]);
                        out.push('>');
                    }
                    Err(_) => out.push_str(&tail[..end]),
                }
                rest = &tail[end..];
            }
            out.push_str(rest);
            *s = out;
        }
        Value::Array(a) => a.iter_mut().for_each(|x| name_members(x, ids)),
        Value::Object(o) => o.values_mut().for_each(|x| name_members(x, ids)),
        _ => {}
    }
}

/// Sorts the arrays whose order follows the order of members: per-member results (by id), the
/// facts missing, and the facts, values and parameters a trace lists (a trace lists what was read
/// in the order it was first read, and a rule over several members may reach a parameter first
/// through whichever member comes first).
fn sort_member_arrays(v: &mut Value) {
    match v {
        Value::Array(a) => a.iter_mut().for_each(sort_member_arrays),
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                sort_member_arrays(x);
                if let (
                    "members" | "missing" | "inputs" | "values" | "parameters",
                    Value::Array(a),
                ) = (k.as_str(), x)
                {
                    a.sort_by_key(|e| e.to_string());
                }
            }
        }
        _ => {}
    }
}

fn comparable(mut a: Value, hh: &Value) -> Value {
    let ids: Vec<String> = hh["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect();
    name_members(&mut a, &ids);
    sort_member_arrays(&mut a);
    // The package lists payments in program order, then member order.
    for list in ["items", "not_taken"] {
        if let Some(Value::Array(v)) = a.get_mut("package").and_then(|p| p.get_mut(list)) {
            v.sort_by_key(|x| x.to_string());
        }
    }
    a
}

/// Checks that every program and member result decided in the assessment of `unknown` is
/// decided alike, with the same amount where one was computed, in that of `known` (which
/// supplies `what`); with
/// `totals`, the total amounts of per-member programs instead.
fn kleene_check(
    known: &Value,
    unknown: &Value,
    date: &str,
    what: &str,
    totals: bool,
) -> Result<(), TestCaseError> {
    let opts = Options {
        trace: false,
        topic: None,
    };
    let u = assess_opts(unknown, date, opts);
    let k = assess_opts(known, date, opts);
    let decided = |s: &Value| s == "eligible" || s == "ineligible";
    for pu in programs(&u) {
        let id = pu["id"].as_str().unwrap();
        let pk = program(&k, id);
        let per_member = pu.get("members").is_some() || pk.get("members").is_some();
        if !decided(&pu["status"]) {
            continue;
        }
        if totals {
            // A total stated while a fact is unknown must hold once it is known.
            if per_member && pu.get("amount").is_some() {
                prop_assert_eq!(
                    pu.get("amount"),
                    pk.get("amount"),
                    "{} total changed once {} is known: {} on {}",
                    id,
                    what,
                    known,
                    date
                );
            }
            continue;
        }
        prop_assert_eq!(
            &pu["status"],
            &pk["status"],
            "{} was {} with {} unknown, {} once known: {} on {}",
            id,
            pu["status"],
            what,
            pk["status"],
            known,
            date
        );
        // An amount already computed must stay; one still unknown (it may depend on the fact
        // being supplied, as 特困 care tiers depend on adl_failed) may become known.
        if !per_member && pu.get("amount").is_some() {
            prop_assert_eq!(
                pu.get("amount"),
                pk.get("amount"),
                "{} amount changed once {} is known: {} on {}",
                id,
                what,
                known,
                date
            );
        }
        for mu in pu
            .get("members")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !decided(&mu["status"]) {
                continue;
            }
            let mk = pk["members"]
                .as_array()
                .and_then(|l| l.iter().find(|m| m["id"] == mu["id"]));
            let Some(mk) = mk else { continue };
            prop_assert_eq!(
                &mu["status"],
                &mk["status"],
                "{} for {} was {} with {} unknown, {} once known: {} on {}",
                id,
                mu["id"],
                mu["status"],
                what,
                mk["status"],
                known,
                date
            );
            if mu.get("amount").is_none() {
                continue;
            }
            prop_assert_eq!(
                mu.get("amount"),
                mk.get("amount"),
                "{} amount for {} changed once {} is known: {} on {}",
                id,
                mu["id"],
                what,
                known,
                date
            );
        }
    }
    Ok(())
}

/// A permutation of six member positions (members past the household's size are skipped).
fn permutation() -> impl Strategy<Value = Vec<usize>> {
    Just((0..6).collect::<Vec<usize>>()).prop_shuffle()
}

fn stale_check(hh: &Value, date: &str, raise: &[u32]) -> Result<(), TestCaseError> {
    use huimin::compile::Later;
    use huimin::pack::model::RawValue;
    let region = hh["region"].as_str();
    let day = huimin::parse_date(date).unwrap();
    let household = huimin::parse_household(&hh.to_string()).unwrap();
    let opts = Options {
        trace: false,
        topic: None,
    };
    let mut bounded = engine().assessor(region, day).unwrap();
    let b = serde_json::to_value(bounded.assess(&household, opts).unwrap()).unwrap();
    let mut real = engine().assessor(region, day).unwrap();
    let rules = engine().rules(region).unwrap();
    let mut raised = Vec::new();
    for (k, p) in rules.params.iter().enumerate() {
        let Some((i, true)) = p.at_index(day) else {
            continue;
        };
        if p.later != Later::AtLeast {
            continue;
        }
        let Some(huimin::value::Value::Num(last)) = p.history.get(i).map(|v| v.value) else {
            continue;
        };
        // Up to three times the last figure, in whole fen.
        let pct = Decimal::from(raise.get(k % raise.len()).copied().unwrap_or(0));
        let v = (last * (Decimal::ONE_HUNDRED + pct) / Decimal::ONE_HUNDRED).round_dp(2);
        real.set(&p.id, &RawValue::Num(v)).unwrap();
        raised.push(format!("{}={v}", p.id));
    }
    let r = serde_json::to_value(real.assess(&household, opts).unwrap()).unwrap();
    let decided = |s: &Value| s == "eligible" || s == "ineligible";
    let pairs = programs(&b).iter().flat_map(|pb| {
        let pr = program(&r, pb["id"].as_str().unwrap()).clone();
        let mut out = vec![(pb.clone(), pr.clone())];
        if let (Some(mb), Some(mr)) = (pb["members"].as_array(), pr["members"].as_array()) {
            out.extend(mb.iter().cloned().zip(mr.iter().cloned()));
        }
        out
    });
    for (x, y) in pairs {
        if decided(&x["status"]) {
            prop_assert_eq!(
                &x["status"],
                &y["status"],
                "{} on {} with {:?}",
                hh,
                date,
                raised
            );
        }
        if x["amount"]["at_least"] == true {
            for k in ["monthly", "annual", "once"] {
                if let (Some(lo), Some(v)) = (x["amount"][k].as_str(), y["amount"][k].as_str()) {
                    let (lo, v): (Decimal, Decimal) = (lo.parse().unwrap(), v.parse().unwrap());
                    prop_assert!(
                        lo <= v,
                        "{} {}: at least {} but {} with {:?}",
                        hh,
                        k,
                        lo,
                        v,
                        raised
                    );
                }
            }
        }
    }
    Ok(())
}

fn member_order_check(
    hh: &Value,
    date: &str,
    order: &[usize],
    trace: bool,
) -> Result<(), TestCaseError> {
    let list = hh["members"].as_array().unwrap();
    let mut shuffled = hh.clone();
    shuffled["members"] = order
        .iter()
        .filter_map(|&i| list.get(i).cloned())
        .collect::<Vec<_>>()
        .into();
    let opts = Options { trace, topic: None };
    let mut a = comparable(assess_opts(hh, date, opts), hh);
    let mut b = comparable(assess_opts(&shuffled, date, opts), &shuffled);
    if !trace {
        // Without the trace `any` and `all` stop at the first member that decides them, so the
        // unsourced and stale figures met depend on which member comes first.
        drop_read_lists(&mut a);
        drop_read_lists(&mut b);
    }
    prop_assert_eq!(&a, &b, "{} vs {} on {}", hh, shuffled, date);
    Ok(())
}

/// Removes the lists of unsourced and stale figures a program met.
fn drop_read_lists(v: &mut Value) {
    if let Some(list) = v.get_mut("programs").and_then(Value::as_array_mut) {
        for p in list {
            if let Some(o) = p.as_object_mut() {
                o.remove("unsourced");
                o.remove("stale");
            }
        }
    }
}

/// The result without what only the trace records: the facts, values and parameters read, the
/// unsourced and stale figures met, and the reason that shows how the amount was computed.
fn strip_trace(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Array(a) => a.iter_mut().for_each(walk),
            Value::Object(o) => {
                if let Some(Value::Array(reasons)) = o.get_mut("reasons") {
                    reasons.retain(|r| r["criterion"] != "amount");
                }
                if o.contains_key("criterion") {
                    for k in ["inputs", "values", "parameters"] {
                        o.remove(k);
                    }
                }
                // What a program read: with the trace, `any` and `all` read every member, so
                // these lists can name figures a short-circuited evaluation never reached.
                if o.contains_key("status") && o.contains_key("missing") {
                    for k in ["unsourced", "stale"] {
                        o.remove(k);
                    }
                }
                o.values_mut().for_each(walk);
            }
            _ => {}
        }
    }
    walk(&mut v);
    v
}

fn cfg(cases: u32) -> ProptestConfig {
    // Counterexamples are recorded in the tests and in fuzz/README.md, not in seed files.
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---- properties ------------------------------------------------------------------------------

proptest! {
    #![proptest_config(cfg(256))]

    /// More countable income (a higher wage for one member) never raises the dibao amount and
    /// never makes an ineligible household eligible.
    #[test]
    fn more_wage_never_helps_dibao(
        hh in dibao_household(),
        date in date(),
        who in 0usize..6,
        raise in prop_oneof![(1u64..100_000).prop_map(|c| Decimal::new(c as i64, 2)), (1u64..10_000).prop_map(Decimal::from)],
    ) {
        let mut hh = hh;
        // The wage must be known for "more" to mean anything.
        let m = member_mut(&mut hh, who);
        let income = m.entry("income").or_insert_with(|| json!({}));
        let wage = match income.get("wage") {
            Some(Value::String(s)) => s.parse::<Decimal>().unwrap(),
            _ => Decimal::ZERO,
        };
        income["wage"] = json!(wage.to_string());
        let mut richer = hh.clone();
        member_mut(&mut richer, who)["income"]["wage"] = json!((wage + raise).to_string());

        let before = assess(&hh, &date);
        let after = assess(&richer, &date);
        let (b, a) = (program(&before, "dibao"), program(&after, "dibao"));
        if b["status"] == "ineligible" {
            prop_assert_ne!(&a["status"], "eligible", "{} on {}: raised member {} by {}", hh, date, who, raise);
        }
        if let (Some(x), Some(y)) = (b["amount"]["monthly"].as_str(), a["amount"]["monthly"].as_str()) {
            let (x, y): (Decimal, Decimal) = (x.parse().unwrap(), y.parse().unwrap());
            prop_assert!(y <= x, "dibao monthly {} → {} when member {} earns {} more: {} on {}", x, y, who, raise, hh, date);
        }
    }

    /// Kleene monotonicity: a program (or a member's result) that is decided — eligible or
    /// ineligible — while a fact is unknown keeps that status, and any amount already computed,
    /// once the fact is given any value; an amount still unknown may become known. (The total
    /// amount of a per-member program is checked apart, below.)
    #[test]
    fn supplying_a_fact_keeps_decided_programs_decided(
        known in household(),
        date in date(),
        fact in select(FACTS),
        who in 0usize..6,
    ) {
        let mut unknown = known.clone();
        prop_assume!(forget(&mut unknown, fact, who));
        kleene_check(&known, &unknown, &date, &format!("{fact} of {who}"), false)?;
    }

    /// The same for the total amount of a per-member program: a total stated while some member
    /// is undecided should not change once that member is decided.
    #[test]
    fn supplying_a_fact_keeps_per_member_totals(
        known in household(),
        date in date(),
        fact in select(FACTS),
        who in 0usize..6,
    ) {
        let mut unknown = known.clone();
        prop_assume!(forget(&mut unknown, fact, who));
        kleene_check(&known, &unknown, &date, &format!("{fact} of {who}"), true)?;
    }

    /// The result does not depend on the order in which members are listed.
    #[test]
    fn member_order_does_not_matter(hh in household(), date in date(), order in permutation()) {
        member_order_check(&hh, &date, &order, false)?;
    }

    /// The same with the trace: the facts and values each criterion read do not depend on the
    /// order of members either.
    #[test]
    fn member_order_does_not_matter_with_trace(hh in household(), date in date(), order in permutation()) {
        member_order_check(&hh, &date, &order, true)?;
    }

    /// The trace only adds what was read: without it, the result is the same.
    #[test]
    fn trace_changes_nothing_but_the_trace(hh in household(), date in date()) {
        let with = assess_opts(&hh, &date, Options { trace: true, topic: None });
        let without = assess_opts(&hh, &date, Options { trace: false, topic: None });
        prop_assert_eq!(strip_trace(with), strip_trace(without), "{} on {}", hh, date);
    }

    /// A result survives a JSON round trip through the result types unchanged.
    #[test]
    fn result_json_round_trip_is_lossless(
        hh in household(),
        date in date(),
        trace in any::<bool>(),
        all_topics in any::<bool>(),
    ) {
        let opts = Options { trace, topic: if all_topics { None } else { Some(Topic::Benefits) } };
        let a = engine().assess_json(&hh.to_string(), &date, opts).unwrap();
        let text = serde_json::to_string(&a).unwrap();
        let back: huimin::result::Assessment = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(serde_json::to_value(&a).unwrap(), serde_json::to_value(&back).unwrap());
    }

    /// A figure past the date it is known until is at least its last value: whatever higher
    /// value is really in force, every outcome the bounded assessment decided comes out the same,
    /// and an amount it gave as "at least" is at most the real one. In particular, raising a
    /// stale standard never turns a decided `eligible` into `ineligible`.
    #[test]
    fn raising_a_stale_figure_never_unsettles_a_decided_outcome(
        hh in household(),
        date in date_in(2019..=2026),
        raise in proptest::collection::vec(0u32..=200, 16),
    ) {
        stale_check(&hh, &date, &raise)?;
    }

    /// Every status, of a program and of a member's result, is one of the four, and amounts are
    /// decimal strings.
    #[test]
    fn every_status_is_one_of_four(hh in household(), date in date(), trace in any::<bool>()) {
        let a = assess_opts(&hh, &date, Options { trace, topic: None });
        for p in programs(&a) {
            let statuses = std::iter::once(&p["status"])
                .chain(p.get("members").and_then(Value::as_array).into_iter().flatten().map(|m| &m["status"]));
            for s in statuses {
                prop_assert!(s.as_str().is_some_and(|s| STATUSES.contains(&s)), "{}: status {}", p["id"], s);
            }
            for amount in std::iter::once(p.get("amount"))
                .chain(p.get("members").and_then(Value::as_array).into_iter().flatten().map(|m| m.get("amount")))
                .flatten()
            {
                match amount["period"].as_str() {
                    Some("month") => {
                        decimal(&amount["monthly"]);
                        decimal(&amount["annual"]);
                    }
                    Some("year") => {
                        decimal(&amount["annual"]);
                    }
                    Some("once") => {
                        decimal(&amount["once"]);
                    }
                    other => prop_assert!(false, "{}: period {:?}", p["id"], other),
                }
            }
        }
    }
}
