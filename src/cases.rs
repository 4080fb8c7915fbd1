//! Runs the test cases rule files carry (`[[cases]]`): each household is assessed and compared
//! with its expectations; failures name the file and case.

use crate::engine::{Engine, Options};
use crate::pack::model::{CaseDecl, ExpectDecl};
use crate::result::Assessment;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// A failed case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFailure {
    /// Rule file, relative to the rules directory.
    pub file: String,
    /// Line of the case.
    pub line: u32,
    /// Case name.
    pub case: String,
    /// What differed.
    pub message: String,
}

/// Outcome of running every case.
#[derive(Clone, Debug, Default)]
pub struct CaseReport {
    /// Cases run.
    pub run: usize,
    /// Failures.
    pub failures: Vec<CaseFailure>,
    /// Outcomes seen per (pack, program, criterion) across all cases: `met`, `not_met`, ...
    pub outcomes: BTreeMap<(String, String, String), BTreeSet<&'static str>>,
    /// (pack, program) pairs some case states an expectation for.
    pub expected: BTreeSet<(String, String)>,
}

/// Runs every case of every pack.
pub fn run_all(engine: &Engine) -> CaseReport {
    let mut report = CaseReport::default();
    for pack in engine.bundle().packs.values() {
        for case in &pack.cases {
            report.run = report.run.saturating_add(1);
            for e in &case.expect {
                report
                    .expected
                    .insert((pack.region.clone(), e.program.clone()));
            }
            if let Err(message) = run_one(engine, &pack.region, case, &mut report.outcomes) {
                let file = engine.bundle().files.get(case.loc.file as usize);
                let (line, _) = file.map_or((0, 0), |f| {
                    crate::pack::line_col(&f.text, case.loc.offset as usize)
                });
                report.failures.push(CaseFailure {
                    file: file.map_or_else(String::new, |f| f.path.clone()),
                    line,
                    case: case.name.clone(),
                    message,
                });
            }
        }
    }
    report
}

type Outcomes = BTreeMap<(String, String, String), BTreeSet<&'static str>>;

fn run_one(
    engine: &Engine,
    region: &str,
    case: &CaseDecl,
    seen: &mut Outcomes,
) -> Result<(), String> {
    let mut household = case.household.clone();
    if let Some(obj) = household.as_object_mut() {
        if !obj.contains_key("region") && region != crate::pack::NATIONAL {
            obj.insert(
                "region".into(),
                serde_json::Value::String(region.to_string()),
            );
        }
    }
    let hh = engine
        .parse_household(&household.to_string())
        .map_err(|e| format!("bad household: {e}"))?;
    let fail = |e: crate::error::Error| format!("assessment failed: {e}");
    let mut assessor = engine
        .assessor(hh.region.as_deref(), case.date)
        .map_err(fail)?;
    for (id, v) in &case.set {
        assessor.set(id, v).map_err(fail)?;
    }
    let a = assessor
        .assess(
            &hh,
            Options {
                trace: false,
                topic: None,
            },
        )
        .map_err(fail)?;
    let pack = a.packs.last().cloned().unwrap_or_default();
    for p in &a.programs {
        let reasons = p
            .reasons
            .iter()
            .chain(p.members.iter().flat_map(|m| m.reasons.iter()));
        for r in reasons {
            let key = (pack.to_string(), p.id.to_string(), r.criterion.to_string());
            seen.entry(key).or_default().insert(r.outcome.name());
        }
    }
    let mut problems = Vec::new();
    for e in &case.expect {
        check(&a, e, &mut problems);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// `expect.package`: the payments and what is not paid as well (exactly), the totals.
fn check_package(a: &Assessment, e: &ExpectDecl, problems: &mut Vec<String>) {
    let Some(p) = &a.package else {
        problems.push("no package in the result".into());
        return;
    };
    let name = |program: &str, member: &Option<crate::shared::Str>| match member {
        Some(m) => format!("{program}:{m}"),
        None => program.to_string(),
    };
    let items: Vec<String> = p
        .items
        .iter()
        .map(|i| name(&i.program, &i.member))
        .collect();
    let not_taken: Vec<String> = p
        .not_taken
        .iter()
        .map(|i| name(&i.program, &i.member))
        .collect();
    for (label, want, got) in [
        ("items", &e.items, items),
        ("not_taken", &e.not_taken, not_taken),
    ] {
        let stated =
            !want.is_empty() || label == "items" && (e.monthly.is_some() || e.annual.is_some());
        // The same names in any order (no sort: it would add code to the WebAssembly package).
        let same = want.len() == got.len()
            && want.iter().all(|w| got.contains(w))
            && got.iter().all(|g| want.contains(g));
        if stated && !same {
            problems.push(format!(
                "package: {label} [{}] expected, got [{}]",
                want.join(", "),
                got.join(", ")
            ));
        }
    }
    for (label, want, got) in [
        ("monthly", e.monthly, &p.monthly),
        ("annual", e.annual, &p.annual),
        ("once", e.once, &p.once),
    ] {
        if let Some(w) = want {
            if got.parse::<Decimal>().ok() != Some(w) {
                problems.push(format!("package: {label} total {w} expected, got {got}"));
            }
        }
    }
    if let Some(w) = e.at_least {
        if p.at_least != w {
            problems.push(format!(
                "package: at_least {w} expected, got {}",
                p.at_least
            ));
        }
    }
}

fn check(a: &Assessment, e: &ExpectDecl, problems: &mut Vec<String>) {
    if e.program == "package" {
        check_package(a, e, problems);
        return;
    }
    let Some(p) = a.programs.iter().find(|p| p.id == e.program) else {
        problems.push(format!("no program `{}` in the result", e.program));
        return;
    };
    if let Some(s) = &e.status {
        if p.status.name() != s {
            problems.push(format!(
                "{}: status {} expected, got {}",
                e.program,
                s,
                p.status.name()
            ));
        }
    }
    let amount = |f: fn(&crate::result::AmountOut) -> &Option<String>| {
        p.amount
            .as_ref()
            .and_then(|x| f(x).as_deref()?.parse::<Decimal>().ok())
    };
    for (label, want, got) in [
        ("monthly", e.monthly, amount(|x| &x.monthly)),
        ("annual", e.annual, amount(|x| &x.annual)),
        ("once", e.once, amount(|x| &x.once)),
    ] {
        if let Some(w) = want {
            if got != Some(w) {
                let got = got.map_or_else(|| "no amount".to_string(), |g| g.to_string());
                problems.push(format!("{}: {label} {w} expected, got {got}", e.program));
            }
        }
    }
    if let Some(want) = e.floor {
        let got = p
            .amount
            .as_ref()
            .and_then(|a| a.from.as_deref())
            .and_then(|x| x.parse::<Decimal>().ok());
        if got != Some(want) {
            problems.push(format!("{}: floor {want} expected, got {got:?}", e.program));
        }
    }
    if let Some(want) = e.up_to {
        let got = p.amount.as_ref().map(|a| a.up_to);
        if got != Some(want) {
            problems.push(format!("{}: up_to {want} expected, got {got:?}", e.program));
        }
    }
    if let Some(want) = e.at_least {
        let got = p.amount.as_ref().map(|a| a.at_least);
        if got != Some(want) {
            problems.push(format!(
                "{}: at_least {want} expected, got {}",
                e.program,
                got.map_or_else(|| "no amount".to_string(), |g| g.to_string())
            ));
        }
    }
    for id in &e.stale {
        if !p.stale.iter().any(|s| &*s.parameter == id) {
            let got: Vec<&str> = p.stale.iter().map(|s| s.parameter.as_str()).collect();
            problems.push(format!(
                "{}: `{id}` expected among stale figures, got [{}]",
                e.program,
                got.join(", ")
            ));
        }
    }
    for (id, s) in &e.members {
        match p.members.iter().find(|m| &m.id == id) {
            Some(m) if m.status.name() == s => {}
            Some(m) => problems.push(format!(
                "{}: member {id} {s} expected, got {}",
                e.program,
                m.status.name()
            )),
            None => problems.push(format!("{}: no member {id} in the result", e.program)),
        }
    }
    for (value, want) in &e.options {
        let got = p.options.iter().find(|o| &*o.value == value);
        let amount = got.and_then(|o| o.amount.as_ref()).and_then(|a| {
            a.monthly
                .as_ref()
                .or(a.annual.as_ref())
                .or(a.once.as_ref())
                .and_then(|x| x.parse::<Decimal>().ok())
        });
        match got {
            None => problems.push(format!("{}: no option {value} in the result", e.program)),
            Some(_) if amount != *want => problems.push(format!(
                "{}: option {value}: {} expected, got {}",
                e.program,
                want.map_or_else(|| "none".to_string(), |w| w.to_string()),
                amount.map_or_else(|| "none".to_string(), |w| w.to_string()),
            )),
            Some(_) => {}
        }
    }
    for (id, want) in &e.dates {
        let want = crate::date::format(*want);
        match p.dates.iter().find(|d| &d.id == id) {
            Some(d) if d.date == want => {}
            Some(d) => problems.push(format!(
                "{}: date {id} {want} expected, got {}",
                e.program, d.date
            )),
            None => problems.push(format!("{}: no date {id} in the result", e.program)),
        }
    }
    for m in &e.missing {
        if !p.missing.iter().any(|x| &x.path == m || &x.fact == m) {
            let got: Vec<&str> = p.missing.iter().map(|x| x.path.as_str()).collect();
            problems.push(format!(
                "{}: `{m}` expected among missing facts, got [{}]",
                e.program,
                got.join(", ")
            ));
        }
    }
}
