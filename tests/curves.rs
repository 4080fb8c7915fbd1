//! The income curves the page draws agree with full assessments: every point of every curve the
//! engine chooses is the status and monthly amount `Engine::assess` gives the household with
//! that income, and where a curve says a program ends, it is granted a fen below and not at it.
//! Over synthetic households of every local pack, on a day in 2018 and today.

use huimin::bench::Rng;
use huimin::facts::Household;
use huimin::{Engine, Options};
use rust_decimal::Decimal;
use serde_json::{json, Value};

const REGIONS: [&str; 6] = ["220723", "431225", "420323", "511600", "511725", "341702"];

/// The household document with member `m`'s income of `category` set to `income` (the other
/// categories as given, or none when the member gave no income).
fn with_income(doc: &Value, m: usize, category: &str, income: &str) -> Value {
    let mut d = doc.clone();
    let member = &mut d["members"][m];
    if member["income"].is_object() {
        member["income"][category] = json!(income);
    } else {
        member["income"] = json!({ category: income });
    }
    d
}

/// Status and monthly amount of `program` in the full assessment of `doc`.
fn outcome(
    engine: &Engine,
    doc: &Value,
    date: time::Date,
    program: &str,
) -> (String, Option<String>) {
    let hh = engine.parse_household(&doc.to_string()).unwrap();
    let a = engine.assess(&hh, date, Options::default()).unwrap();
    let p = a.programs.iter().find(|p| &*p.id == program).unwrap();
    let status = serde_json::to_value(p.status)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    (status, p.amount.as_ref().and_then(|x| x.monthly.clone()))
}

/// The tests' households: ten synthetic ones of every local pack on a day in 2018 and today,
/// drawn from `seed`; `f` gets the date, the region, the document and the household as read.
fn each_household(
    engine: &Engine,
    seed: u64,
    mut f: impl FnMut(time::Date, &str, &Value, &Household),
) {
    let mut rng = Rng::new(seed);
    for date in ["2018-06-01", "2026-12-01"] {
        let date = huimin::parse_date(date).unwrap();
        for region in REGIONS {
            for _ in 0..10 {
                let doc = huimin::synth::household(&mut rng, region, 2018);
                let hh = engine.parse_household(&doc.to_string()).unwrap();
                f(date, region, &doc, &hh);
            }
        }
    }
}

#[test]
fn every_point_of_a_curve_is_what_assess_gives() {
    let engine = Engine::builtin().unwrap();
    let (mut curves, mut points, mut ends) = (0, 0, 0);
    let mut afters = std::collections::BTreeSet::new();
    each_household(&engine, 41, |date, region, doc, hh| {
        let n = doc["members"].as_array().map_or(0, Vec::len);
        for m in [0, n.saturating_sub(1)] {
            for c in engine.income_curves(hh, date, m).unwrap() {
                curves += 1;
                for p in &c.points {
                    let d = with_income(doc, m, &c.category, &p.income);
                    let status = serde_json::to_value(p.status).unwrap();
                    assert_eq!(
                        outcome(&engine, &d, date, &c.program),
                        (status.as_str().unwrap().to_string(), p.monthly.clone()),
                        "{region} {date} member {m} {} at {}",
                        c.program,
                        p.income
                    );
                    points += 1;
                }
                if let Some(end) = &c.ends_at {
                    let end: Decimal = end.parse().unwrap();
                    let below = (end - Decimal::new(1, 2)).to_string();
                    let at = with_income(doc, m, &c.category, &end.to_string());
                    let under = with_income(doc, m, &c.category, &below);
                    let status_at = outcome(&engine, &at, date, &c.program).0;
                    assert_ne!(status_at, "eligible");
                    assert_eq!(outcome(&engine, &under, date, &c.program).0, "eligible");
                    // The curve says what the status is from its end.
                    let after = serde_json::to_value(c.after).unwrap();
                    assert_eq!(after.as_str(), Some(status_at.as_str()));
                    afters.insert(status_at);
                    ends += 1;
                }
            }
        }
    });
    assert!(
        curves > 15 && points > 500 && ends > 10,
        "{curves} curves, {points} points, {ends} ends"
    );
    // In 2018 the standards are known and a curve ends in `ineligible`; today they are past
    // their known dates and it ends in `refer`.
    assert!(
        afters.contains("ineligible") && afters.contains("refer"),
        "{afters:?}"
    );
}

/// A curve decides one program at each income with the programs before it in the rules' order
/// (`Assessor::decide_until`); that program's decision is the one deciding every program gives,
/// for every program of every local pack's synthetic households.
#[test]
fn deciding_up_to_a_program_decides_it_as_deciding_all_does() {
    let engine = Engine::builtin().unwrap();
    let mut compared = 0;
    each_household(&engine, 43, |date, region, _, hh| {
        let mut a = engine.assessor(Some(region), date).unwrap();
        let all = a.decide(hh, None).unwrap().to_vec();
        for p in 0..a.rules().programs.len() {
            let p = u16::try_from(p).unwrap();
            let until = a.decide_until(hh, p).unwrap();
            let one = until.iter().find(|d| d.program == p);
            assert_eq!(
                one,
                all.iter().find(|d| d.program == p),
                "{region} program {p}"
            );
            compared += 1;
        }
    });
    assert!(compared > 1000, "{compared} decisions compared");
}
