//! Builds a household's result from what evaluating it recorded ([`crate::eval::Trace`]): each
//! program's status and amount, its reasons quoting the rule's texts and citations (compiled
//! once in [`crate::compile::shown`]), what is missing, the figures that are unsourced or stale,
//! and the package. Reporting only reads the trace: it evaluates nothing.

mod spare;

use crate::compile::node::{Blame, FactKey, FactRef};
use crate::compile::shown::cited_on;
use crate::compile::{Program, Rules, Topic};
use crate::eval::trace::{slice, ProgramTrace, StepKind, UnitTrace};
use crate::eval::{Read, Seen, Snapshot, Trace, OVERRIDE};
use crate::facts::Household;
use crate::pack::model::{Per, Scope};
use crate::result::*;
use crate::shared::Str;
use crate::value::Value;
use rust_decimal::Decimal;
use spare::Spare;
use std::sync::Arc;

/// What reporting keeps from one household to the next: names formatted once, the tables that
/// list each read once per reason, and emptied lists of results handed back.
#[derive(Debug, Default)]
pub struct Reporter {
    /// Generic name and document path of each fact met so far, by [`FactRef::dense`] (they do
    /// not depend on the household, so they are formatted once per reporter).
    paths: Vec<Option<(Str, Str)>>,
    /// Trace names of member definitions (`supplement_member[m1]`), sorted by definition and
    /// member index, with the member id they were made for.
    def_names: Vec<((u16, u16), Str, Str)>,
    /// Which facts, definitions and parameters the reason being built has listed.
    seen: Seen,
    /// Scratch list of the reads a reason lists.
    firsts: Vec<Read>,
    /// Emptied lists from results handed back ([`Reporter::recycle`]), reused by the next
    /// results so that reporting with the trace does not allocate them again.
    spare: Spare,
}

/// What a report reads.
struct Ctx<'a> {
    rules: &'a Rules,
    snap: &'a Snapshot,
    hh: &'a Household,
    trace: &'a Trace,
}

/// The result for `hh` from what evaluating it recorded in `trace` (with the package when the
/// topic is benefits or every topic).
pub fn report(
    rules: &Rules,
    snap: &Snapshot,
    hh: &Household,
    trace: &Trace,
    rep: &mut Reporter,
    topic: Option<Topic>,
) -> Assessment {
    let c = Ctx {
        rules,
        snap,
        hh,
        trace,
    };
    let mut results: Vec<Option<ProgramResult>> = vec![None; rules.programs.len()];
    for pt in &trace.programs {
        let p = usize::from(pt.decision.program);
        let r = program(&c, pt, rep);
        if let Some(slot) = results.get_mut(p) {
            *slot = r;
        }
    }
    let mut a = Assessment {
        as_of: snap.as_of.clone(),
        region: hh.region.clone(),
        rules_version: rules.shown.version.clone(),
        packs: rules.shown.packs.clone(),
        programs: results.into_iter().flatten().collect(),
        package: None,
    };
    if topic.is_none_or(|t| t == Topic::Benefits) {
        a.package = Some(crate::package::build(rules, &a));
    }
    a
}

fn program(c: &Ctx<'_>, pt: &ProgramTrace, rep: &mut Reporter) -> Option<ProgramResult> {
    let p = usize::from(pt.decision.program);
    let (prog, shown) = (c.rules.programs.get(p)?, c.rules.shown.programs.get(p)?);
    let d = pt.decision;
    let blame = slice(&c.trace.blame, pt.blame);
    let mut r = ProgramResult {
        id: shown.id.clone(),
        name: prog.name.clone(),
        status: d.status,
        amount: d.amount.map(|a| amount_out(a, prog, d.at_least)),
        missing: missing(c, rep, blame),
        no_rule: blame
            .iter()
            .filter_map(|b| match b {
                Blame::NoRule(p) => c
                    .rules
                    .shown
                    .params
                    .get(usize::from(*p))
                    .map(|x| x.id.clone()),
                _ => None,
            })
            .collect(),
        documents: prog
            .documents
            .iter()
            .filter(|x| {
                x.from.is_none_or(|f| f <= c.snap.date) && x.until.is_none_or(|u| c.snap.date <= u)
            })
            .map(|x| x.text.clone())
            .collect(),
        apply_at: prog.apply_at.clone(),
        ..ProgramResult::default()
    };
    for &i in slice(&c.trace.unsourced, pt.unsourced) {
        let Some((_, Some(h))) = c.snap.values.get(usize::from(i)).copied() else {
            continue;
        };
        let Some(param) = c.rules.shown.params.get(usize::from(i)) else {
            continue;
        };
        if let Some(Some(u)) = param.unsourced.get(h) {
            r.unsourced.push(u.clone());
        }
        if c.snap.stale.get(usize::from(i)).copied().unwrap_or(false) {
            if let Some(Some(st)) = param.stale.get(h) {
                r.stale.push(st.clone());
            }
        }
    }
    for &(i, date) in slice(&c.trace.dates, pt.dates) {
        let (Some(def), Some(id)) = (
            prog.dates.get(usize::from(i)),
            shown.dates.get(usize::from(i)),
        ) else {
            continue;
        };
        r.dates.push(DateOut {
            id: id.clone(),
            date: crate::date::format(date),
            text: def.text.clone(),
        });
    }
    let units = slice(&c.trace.units, pt.units);
    let low = match prog.per {
        // A household program always records its unit when traced; without one the result
        // stands without reasons rather than leaving the program out.
        Per::Household => units.first().and_then(|unit| {
            r.reasons = reasons(c, rep, prog, p, unit);
            unit.low
        }),
        Per::Member => {
            let people = c.hh.members.as_deref().unwrap_or_default();
            for (unit, person) in units.iter().zip(people) {
                let mut amount = unit.amount.map(|a| amount_out(a, prog, unit.at_least));
                if let (Some(out), Some(_)) = (amount.as_mut(), &prog.amount) {
                    out.from = unit.low.map(|x| x.to_string());
                }
                r.members.push(MemberResult {
                    id: person.id.clone(),
                    status: unit.status,
                    amount,
                    reasons: reasons(c, rep, prog, p, unit),
                    missing: missing(c, rep, slice(&c.trace.blame, unit.blame)),
                });
            }
            // The low end of a range: the sum of the eligible members' (each shown too).
            units
                .iter()
                .filter(|u| u.status == Status::Eligible)
                .try_fold(Decimal::ZERO, |t, u| t.checked_add(u.amount.and(u.low)?))
        }
    };
    if let (Some(out), Some(_)) = (r.amount.as_mut(), &prog.amount) {
        out.from = low.map(|x| x.to_string());
    }
    Some(r)
}

/// How often the program's amount is paid (monthly when it has none).
fn period(prog: &Program) -> Period {
    prog.amount.as_ref().map_or(Period::Month, |a| a.period)
}

/// The amount as a result shows it: a monthly payment by month and year, a yearly one by year,
/// a one-off payment once.
pub(crate) fn amount_out((m, y): (Decimal, Decimal), prog: &Program, at_least: bool) -> AmountOut {
    let period = period(prog);
    AmountOut {
        up_to: prog.amount.as_ref().is_some_and(|a| a.up_to),
        from: None,
        period,
        monthly: (period == Period::Month).then(|| m.to_string()),
        annual: (period != Period::Once).then(|| y.to_string()),
        once: (period == Period::Once).then(|| y.to_string()),
        at_least,
    }
}

/// One reason per step the unit recorded: each criterion, then the amount.
fn reasons(
    c: &Ctx<'_>,
    rep: &mut Reporter,
    prog: &Program,
    p: usize,
    unit: &UnitTrace,
) -> Vec<Reason> {
    let steps = slice(&c.trace.steps, unit.steps);
    let mut out = Spare::take(&mut rep.spare.reasons, steps.len());
    let Some(shown) = c.rules.shown.programs.get(p) else {
        return out;
    };
    for step in steps {
        let reads = slice(&c.trace.reads, step.reads);
        let mut r = match step.what {
            StepKind::Criterion(k) => {
                let k = usize::from(k);
                let (Some(crit), Some((id, test, cite))) =
                    (prog.criteria.get(k), shown.criteria.get(k))
                else {
                    continue;
                };
                let earlier = shown.criteria_earlier.get(k).map_or(&[][..], Vec::as_slice);
                Reason {
                    criterion: id.clone(),
                    outcome: match step.value {
                        Value::Bool(true) => Outcome::Met,
                        Value::Bool(false) => Outcome::NotMet,
                        _ => Outcome::Unknown,
                    },
                    text: crit.text.clone(),
                    test: test.clone(),
                    citation: cited_on(c.snap.date, cite, earlier).clone(),
                    inputs: Vec::new(),
                    values: Vec::new(),
                    parameters: Vec::new(),
                }
            }
            StepKind::Amount(computed) => Reason {
                criterion: Str::from("amount"),
                outcome: if computed {
                    Outcome::Computed
                } else {
                    Outcome::Unknown
                },
                text: prog
                    .amount
                    .as_ref()
                    .and_then(|a| a.text.clone())
                    .unwrap_or_default(),
                test: Str::default(),
                citation: cited_on(c.snap.date, &shown.amount, &shown.amount_earlier).clone(),
                inputs: Vec::new(),
                values: Vec::new(),
                parameters: Vec::new(),
            },
        };
        fill_trace(c, rep, &mut r, reads);
        out.push(r);
    }
    out
}

/// Lists what the reads name, each once, in the order first read.
fn fill_trace(c: &Ctx<'_>, rep: &mut Reporter, r: &mut Reason, reads: &[Read]) {
    rep.seen.next();
    let mut firsts = std::mem::take(&mut rep.firsts);
    firsts.clear();
    let mut counts = [0usize; 3];
    for read in reads {
        if rep.seen.first_read(read) {
            firsts.push(*read);
            if let Some(n) = counts.get_mut(match read {
                Read::Fact(..) => 0,
                Read::Def(..) => 1,
                Read::Param(_) => 2,
            }) {
                *n = n.saturating_add(1);
            }
        }
    }
    let [facts, defs, params] = counts;
    let spare = &mut rep.spare;
    if facts > 0 {
        r.inputs = Spare::take(&mut spare.inputs, facts);
    }
    if defs > 0 {
        r.values = Spare::take(&mut spare.inputs, defs);
    }
    if params > 0 {
        r.parameters = Spare::take(&mut spare.params, params);
    }
    for read in &firsts {
        match *read {
            Read::Fact(f, v) => {
                let name = names(c.rules, rep, f).1;
                r.inputs.push(InputOut {
                    name,
                    value: ValueOut::Value(v),
                });
            }
            Read::Def(d, person, v) => {
                if let Some(name) = def_name(c, rep, d, person) {
                    r.values.push(InputOut {
                        name,
                        value: ValueOut::Value(v),
                    });
                }
            }
            Read::Param(p) => {
                if let Some(out) = param_out(c, p) {
                    r.parameters.push(out);
                }
            }
        }
    }
    rep.firsts = firsts;
}

/// A definition's name in the trace: `income`, or `supplement_member[m1]` for a member's.
fn def_name(c: &Ctx<'_>, rep: &mut Reporter, d: u16, person: u16) -> Option<Str> {
    let def = c.rules.defs.get(usize::from(d))?;
    let id = c.rules.shown.defs.get(usize::from(d))?;
    if def.scope == Scope::Household {
        return Some(id.clone());
    }
    let who = match def.scope {
        Scope::Member => person_id(c.hh, person),
        _ => Str::from(person.to_string()),
    };
    let cache = &mut rep.def_names;
    match cache.binary_search_by_key(&(d, person), |e| e.0) {
        Ok(i) => {
            let e = cache.get_mut(i)?;
            if e.1 != who {
                e.2 = Str::from(format!("{id}[{who}]"));
                e.1 = who;
            }
            Some(e.2.clone())
        }
        Err(i) => {
            let name = Str::from(format!("{id}[{who}]"));
            cache.insert(i, ((d, person), who, name.clone()));
            Some(name)
        }
    }
}

fn param_out(c: &Ctx<'_>, p: u16) -> Option<Arc<ParamOut>> {
    let shown = c.rules.shown.params.get(usize::from(p))?;
    let (v, h) = c
        .snap
        .values
        .get(usize::from(p))
        .copied()
        .unwrap_or((Value::Unknown, None));
    if h == Some(OVERRIDE) {
        return Some(Arc::new(ParamOut {
            id: shown.id.clone(),
            value: ValueOut::Value(v),
            unit: shown.unit.clone(),
            published: Str::default(),
            from: Str::default(),
            from_assumed: None,
            known_until: Str::default(),
            citation: c.rules.shown.set_by_caller.clone(),
        }));
    }
    Some(match h.and_then(|h| shown.history.get(h)) {
        Some(out) => out.clone(),
        None => Arc::new(ParamOut {
            id: shown.id.clone(),
            value: ValueOut::Value(Value::Unknown),
            unit: shown.unit.clone(),
            published: Str::default(),
            from: Str::default(),
            from_assumed: None,
            known_until: Str::default(),
            citation: c.rules.shown.no_citation.clone(),
        }),
    })
}

fn person_id(hh: &Household, i: u16) -> Str {
    hh.members
        .as_ref()
        .and_then(|m| m.get(usize::from(i)))
        .map_or_else(|| Str::from(i.to_string()), |p| p.id.clone())
}

/// Path of a fact in the household document.
fn fact_path(f: FactRef) -> String {
    match f.key {
        FactKey::Member(field) => format!("members[{}].{}", f.index, field.name()),
        FactKey::Supporter(field) => format!("supporters[{}].{}", f.index, field.name()),
        other => other.name(),
    }
}

/// The fact's generic name and its path, formatted once per reporter.
fn names(rules: &Rules, rep: &mut Reporter, f: FactRef) -> (Str, Str) {
    let local = |i: u8| {
        rules
            .facts
            .get(usize::from(i))
            .map_or("?", |x| x.id.as_str())
    };
    let make = || match f.key {
        FactKey::Local(i) => {
            let p = Str::from(format!("local.{}", local(i)));
            (p.clone(), p)
        }
        FactKey::MemberLocal(i) => (
            Str::from(format!("member.local.{}", local(i))),
            Str::from(format!("members[{}].local.{}", f.index, local(i))),
        ),
        _ => (Str::from(f.key.name()), Str::from(fact_path(f))),
    };
    let Some(i) = f.dense() else {
        return make();
    };
    let cache = &mut rep.paths;
    if cache.len() <= i {
        cache.resize(FactRef::DENSE.max(i.saturating_add(1)), None);
    }
    match cache.get_mut(i) {
        Some(Some(e)) => e.clone(),
        Some(slot) => slot.insert(make()).clone(),
        None => make(),
    }
}

/// The facts the outcome waits on that the household can give, each once.
fn missing(c: &Ctx<'_>, rep: &mut Reporter, blame: &[Blame]) -> Vec<Missing> {
    let hh = c.hh;
    let mut out: Vec<Missing> = blame
        .iter()
        .filter_map(|b| match b {
            Blame::Fact(f) => Some(*f),
            _ => None,
        })
        .map(|f| {
            let person = match f.key {
                FactKey::Member(_) | FactKey::MemberLocal(_) => hh
                    .members
                    .as_ref()
                    .and_then(|m| m.get(usize::from(f.index)))
                    .map(|p| p.id.clone()),
                FactKey::Supporter(_) => hh
                    .supporters
                    .as_ref()
                    .and_then(|m| m.get(usize::from(f.index)))
                    .map(|p| p.id.clone()),
                _ => None,
            };
            let (fact, path) = names(c.rules, rep, f);
            Missing { fact, path, person }
        })
        .collect();
    crate::order::sort(&mut out);
    out.dedup();
    out
}
