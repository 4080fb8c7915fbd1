//! Evaluation apart from reporting: `eval::evaluate` records decisions and a trace, and
//! `report::report` builds the result from that trace alone. Over synthetic households of every
//! local pack, whole and with facts left out: the decisions recorded are those `decide` makes
//! without any trace, the report is what `assess` returns, reporting the same trace again (with
//! a fresh reporter or a used one) gives the same result, and a trace without reads gives the
//! same statuses, amounts and missing facts, only without the inputs each reason read.

use huimin::bench::Rng;
use huimin::eval::{evaluate, Snapshot, Trace, Workspace};
use huimin::report::{report, Reporter};
use huimin::{Engine, Options};
use serde_json::Value;

const REGIONS: [&str; 6] = ["220723", "431225", "420323", "511600", "511725", "341702"];

/// Drops about one key in three, at every level, so that outcomes wait on facts.
fn thin(v: &mut Value, rng: &mut Rng) {
    match v {
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for k in keys {
                if k != "region" && rng.below(3) == 0 {
                    map.remove(&k);
                } else if let Some(x) = map.get_mut(&k) {
                    thin(x, rng);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|x| thin(x, rng)),
        _ => {}
    }
}

#[test]
fn the_report_is_built_from_the_trace_alone() {
    let engine = Engine::builtin().unwrap();
    let date = huimin::parse_date("2026-12-01").unwrap();
    let opts = Options {
        trace: true,
        topic: None,
    };
    let mut rng = Rng::new(19);
    let mut checked = 0;
    let mut waiting = 0;
    for region in REGIONS {
        let rules = engine.rules(Some(region)).unwrap();
        let snap = Snapshot::new(rules, date);
        let mut assessor = engine.assessor(Some(region), date).unwrap();
        let (mut ws, mut trace, mut plain) =
            (Workspace::default(), Trace::default(), Trace::default());
        let mut used = Reporter::default();
        for i in 0..150 {
            let mut doc = huimin::synth::household(&mut rng, region, 2026);
            if i % 2 == 1 {
                thin(&mut doc, &mut rng);
            }
            let Ok(hh) = engine.parse_household(&doc.to_string()) else {
                continue;
            };
            let Ok(expected) = assessor.assess(&hh, opts) else {
                continue;
            };
            evaluate(rules, &snap, &hh, &mut ws, &mut trace, true, None).unwrap();

            let mut recorded: Vec<_> = trace.decisions().copied().collect();
            recorded.sort_unstable_by_key(|d| d.program);
            assert_eq!(
                recorded,
                assessor.decide(&hh, None).unwrap(),
                "{region} #{i}"
            );

            let first = report(rules, &snap, &hh, &trace, &mut used, None);
            let fresh = report(rules, &snap, &hh, &trace, &mut Reporter::default(), None);
            assert_eq!(first, expected, "{region} #{i}");
            assert_eq!(fresh, expected, "{region} #{i}");

            evaluate(rules, &snap, &hh, &mut ws, &mut plain, false, None).unwrap();
            let short = report(rules, &snap, &hh, &plain, &mut Reporter::default(), None);
            assert_eq!(short.programs.len(), expected.programs.len());
            for (s, e) in short.programs.iter().zip(&expected.programs) {
                assert_eq!((&s.id, s.status, &s.amount), (&e.id, e.status, &e.amount));
                assert_eq!(s.missing, e.missing, "{region} #{i} {}", e.id);
                let criteria = |r: &huimin::result::Reason| (r.criterion.clone(), r.outcome);
                let listed = e.reasons.iter().filter(|r| &*r.criterion != "amount");
                assert_eq!(
                    s.reasons.iter().map(criteria).collect::<Vec<_>>(),
                    listed.map(criteria).collect::<Vec<_>>()
                );
                assert!(s
                    .reasons
                    .iter()
                    .all(|r| r.inputs.is_empty() && r.parameters.is_empty()));
                waiting += usize::from(!e.missing.is_empty());
            }
            used.recycle(first);
            checked += 1;
        }
    }
    assert!(checked > 600, "{checked} households checked");
    assert!(waiting > 300, "only {waiting} outcomes waited on a fact");
}

/// `Engine::decide` gives what `Engine::assess` gives less the explanation (the amount without
/// the low end of a range): over synthetic households of every local pack, whole and with facts
/// left out, on the day of a rise, the day before and today, for each topic; calls alternate, so
/// the assessor the engine keeps passes between the two.
#[test]
fn decide_is_the_assessment_without_its_explanation() {
    use huimin::engine::Topic;
    use huimin::result::Decided;
    let engine = Engine::builtin().unwrap();
    let mut rng = Rng::new(23);
    let (mut compared, mut eligible) = (0, 0);
    for date in ["2017-12-31", "2018-01-01", "2026-12-01"] {
        let date = huimin::parse_date(date).unwrap();
        for region in REGIONS {
            for i in 0..30 {
                let mut doc = huimin::synth::household(&mut rng, region, 2018);
                if i % 2 == 1 {
                    thin(&mut doc, &mut rng);
                }
                let Ok(hh) = engine.parse_household(&doc.to_string()) else {
                    continue;
                };
                for topic in [Some(Topic::Benefits), Some(Topic::Marriage), None] {
                    let opts = Options {
                        trace: false,
                        topic,
                    };
                    let decided = engine.decide(&hh, date, topic);
                    let assessed = match engine.assess(&hh, date, opts) {
                        Ok(a) => a,
                        Err(e) => {
                            assert_eq!(decided.unwrap_err().code(), e.code(), "{region} #{i}");
                            continue;
                        }
                    };
                    let want: Vec<Decided> = assessed
                        .programs
                        .iter()
                        .map(|p| Decided {
                            id: p.id.clone(),
                            name: p.name.clone(),
                            status: p.status,
                            amount: p.amount.clone().map(|mut a| {
                                a.from = None;
                                a
                            }),
                        })
                        .collect();
                    let decided = decided.unwrap();
                    eligible += decided.iter().filter(|d| d.amount.is_some()).count();
                    assert_eq!(decided, want, "{region} #{i} {date} {topic:?}");
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 1000, "{compared}");
    assert!(eligible > 50, "{eligible}");
}
