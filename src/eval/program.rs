//! Decides each program from its criteria and amount, and builds the result with reasons.

use super::{kleene_and, Eval, Read, Snapshot, Workspace};
use crate::compile::node::{Blame, FactKey, FactRef};
use crate::compile::{Amount, Cite, Criterion, Program, Rules};
use crate::error::EvalError;
use crate::facts::Household;
use crate::pack::model::Per;
use crate::result::*;
use crate::value::Value;
use rust_decimal::Decimal;

/// Assesses every program for one household.
pub fn assess_with(
    rules: &Rules,
    snap: &Snapshot,
    hh: &Household,
    ws: &mut Workspace,
    opts: crate::engine::Options,
) -> Result<Assessment, EvalError> {
    let mut ev = Eval::new(rules, snap, hh, ws, opts.trace);
    let mut results: Vec<Option<ProgramResult>> = vec![None; rules.programs.len()];
    for &p in &rules.order {
        let topic = rules.programs.get(usize::from(p)).map(|x| x.topic);
        if opts.topic.is_some_and(|t| Some(t) != topic) {
            continue;
        }
        let r = program(&mut ev, usize::from(p))?;
        if let Some(slot) = results.get_mut(usize::from(p)) {
            *slot = Some(r);
        }
    }
    Ok(Assessment {
        as_of: crate::date::format(snap.date),
        region: hh.region.clone(),
        rules_version: rules.version.clone(),
        packs: rules.packs.clone(),
        programs: results.into_iter().flatten().collect(),
    })
}

struct Outcome {
    value: Value,
    amount: Option<AmountOut>,
    reasons: Vec<Reason>,
}

fn program<'a>(ev: &mut Eval<'a>, p: usize) -> Result<ProgramResult, EvalError> {
    let rules: &'a Rules = ev.rules;
    let Some(prog) = rules.programs.get(p) else {
        return Err(EvalError {
            code: "overflow",
            at: format!("program {p}"),
        });
    };
    ev.truncate_blame(0);
    ev.take_unsourced();
    let mut members = Vec::new();
    let (value, amount, reasons) = match prog.per {
        Per::Household => {
            let o = decide(ev, prog)?;
            let range = ev.stash_blame(0);
            ev.store_program(p, None, o.value, range);
            (o.value, o.amount, o.reasons)
        }
        Per::Member => {
            let (v, a) = per_member(ev, prog, p, &mut members)?;
            (v, a, Vec::new())
        }
    };
    let mut blame: Vec<Blame> = ev.blame().to_vec();
    blame.sort();
    blame.dedup();
    let missing = render_missing(ev.hh, &blame);
    let no_rule: Vec<String> = blame
        .iter()
        .filter_map(|b| match b {
            Blame::NoRule(p) => rules.params.get(usize::from(*p)).map(|x| x.id.clone()),
            Blame::Fact(_) => None,
        })
        .collect();
    let status = status(
        value,
        prog.discretionary,
        missing.is_empty() && !no_rule.is_empty(),
    );
    let unsourced = ev
        .take_unsourced()
        .into_iter()
        .filter_map(|i| {
            let param = rules.params.get(usize::from(i))?;
            let (_, h) = ev.snap.values.get(usize::from(i)).copied()?;
            match &param.history.get(h?)?.cite {
                Cite::Unsourced(note) => Some(UnsourcedOut {
                    parameter: param.id.clone(),
                    description: param.description.clone(),
                    note: note.clone(),
                }),
                Cite::Source { .. } => None,
            }
        })
        .collect();
    let mut dates = Vec::new();
    for d in &prog.dates {
        if let Value::Date(date) = ev.eval(&d.node)? {
            dates.push(DateOut {
                id: d.id.clone(),
                date: crate::date::format(date),
                text: d.text.clone(),
            });
        }
    }
    Ok(ProgramResult {
        dates,
        id: prog.id.clone(),
        name: prog.name.clone(),
        status,
        amount,
        members,
        reasons,
        missing,
        unsourced,
        no_rule,
        documents: prog
            .documents
            .iter()
            .filter(|d| {
                d.from.is_none_or(|f| f <= ev.snap.date)
                    && d.until.is_none_or(|u| ev.snap.date <= u)
            })
            .map(|d| d.text.clone())
            .collect(),
        apply_at: prog.apply_at.clone(),
    })
}

fn status(v: Value, discretionary: bool, only_no_rule: bool) -> Status {
    match v {
        Value::Bool(true) if discretionary => Status::Refer,
        Value::Bool(true) => Status::Eligible,
        Value::Bool(false) => Status::Ineligible,
        _ if only_no_rule => Status::Refer,
        _ => Status::NeedsInfo,
    }
}

fn per_member<'a>(
    ev: &mut Eval<'a>,
    prog: &'a Program,
    p: usize,
    out: &mut Vec<MemberResult>,
) -> Result<(Value, Option<AmountOut>), EvalError> {
    let Some(list) = ev.hh.members.as_ref() else {
        ev.truncate_blame(0);
        let v = ev.fact(FactKey::Members, 0, Value::Unknown);
        return Ok((v, None));
    };
    let mut any = Value::Bool(false);
    let mut monthly = Decimal::ZERO;
    let mut annual = Decimal::ZERO;
    let mut amount_known = true;
    for (i, person) in list.iter().enumerate() {
        ev.member = i;
        let mark = ev.blame().len();
        let o = decide(ev, prog)?;
        let range = ev.stash_blame(mark);
        ev.store_program(p, Some(i), o.value, range);
        let member_blame: Vec<Blame> = ev
            .blame()
            .get(mark..)
            .map(<[Blame]>::to_vec)
            .unwrap_or_default();
        any = match (any, o.value) {
            (Value::Bool(true), _) | (_, Value::Bool(true)) => Value::Bool(true),
            (Value::Bool(false), Value::Bool(false)) => Value::Bool(false),
            _ => Value::Unknown,
        };
        if o.value == Value::Bool(true) {
            match &o.amount {
                Some(a) => {
                    let add = |x: Decimal, s: &str| {
                        x.checked_add(s.parse::<Decimal>().unwrap_or_default())
                    };
                    monthly = add(monthly, &a.monthly).ok_or_else(|| super::overflow(ev.at))?;
                    annual = add(annual, &a.annual).ok_or_else(|| super::overflow(ev.at))?;
                }
                None => amount_known = false,
            }
        }
        let mut mb = member_blame;
        mb.sort();
        mb.dedup();
        out.push(MemberResult {
            id: person.id.clone(),
            status: status(o.value, prog.discretionary, false),
            amount: o.amount,
            reasons: o.reasons,
            missing: render_missing(ev.hh, &mb),
        });
    }
    ev.member = 0;
    let has_amount = prog.amount.is_some() && any == Value::Bool(true) && amount_known;
    let amount = has_amount.then(|| AmountOut {
        monthly: monthly.to_string(),
        annual: annual.to_string(),
    });
    Ok((any, amount))
}

/// Evaluates the criteria (all of them, for the explanation) and, when eligible, the amount.
fn decide<'a>(ev: &mut Eval<'a>, prog: &'a Program) -> Result<Outcome, EvalError> {
    let mark = ev.blame().len();
    let mut all = Value::Bool(true);
    let mut reasons = Vec::with_capacity(if ev.trace { prog.criteria.len() } else { 0 });
    for c in &prog.criteria {
        let cm = ev.blame().len();
        ev.at = prog.id.as_str();
        let v = ev.eval(&c.node)?;
        if v.is_known() {
            ev.truncate_blame(cm);
        }
        all = kleene_and(all, v);
        let reads = ev.take_reads();
        reasons.push(reason(ev, c, v, &reads));
    }
    if all == Value::Bool(false) {
        ev.truncate_blame(mark);
    }
    let mut amount = None;
    if all == Value::Bool(true) {
        if let Some(a) = &prog.amount {
            let (out, r) = compute_amount(ev, a)?;
            amount = out;
            if let Some(r) = r {
                reasons.push(r);
            }
        }
    }
    Ok(Outcome {
        value: all,
        amount,
        reasons,
    })
}

fn compute_amount<'a>(
    ev: &mut Eval<'a>,
    a: &'a Amount,
) -> Result<(Option<AmountOut>, Option<Reason>), EvalError> {
    let m = match &a.monthly {
        Some(n) => Some(ev.eval(n)?),
        None => None,
    };
    let y = match &a.annual {
        Some(n) => Some(ev.eval(n)?),
        None => None,
    };
    let twelve = Decimal::from(12);
    let pair = match (m, y) {
        (Some(Value::Num(m)), Some(Value::Num(y))) => Some((m, y)),
        (Some(Value::Num(m)), None) => m.checked_mul(twelve).map(|y| (m, y)),
        (None, Some(Value::Num(y))) => y.checked_div(twelve).map(|m| (m, y)),
        _ => None,
    };
    let out = pair.map(|(m, y)| AmountOut {
        monthly: money(m, a),
        annual: money(y, a),
    });
    let reads = ev.take_reads();
    let reason = ev.trace.then(|| {
        let mut r = Reason {
            criterion: "amount".into(),
            outcome: if out.is_some() {
                crate::result::Outcome::Computed
            } else {
                crate::result::Outcome::Unknown
            },
            text: a.text.clone().unwrap_or_default(),
            test: String::new(),
            citation: a
                .cite
                .as_ref()
                .map(|c| citation(ev.rules, c))
                .unwrap_or_else(empty_citation),
            inputs: Vec::new(),
            values: Vec::new(),
            parameters: Vec::new(),
        };
        fill_trace(ev, &mut r, &reads);
        r
    });
    Ok((out, reason))
}

/// Rounds to the amount's places and writes exactly that many decimals (`150.00`).
fn money(v: Decimal, a: &Amount) -> String {
    let mut r = v.round_dp_with_strategy(a.places, a.mode);
    r.rescale(a.places);
    r.to_string()
}

fn reason(ev: &Eval<'_>, c: &Criterion, v: Value, reads: &[Read]) -> Reason {
    let mut r = Reason {
        criterion: c.id.clone(),
        outcome: match v {
            Value::Bool(true) => crate::result::Outcome::Met,
            Value::Bool(false) => crate::result::Outcome::NotMet,
            _ => crate::result::Outcome::Unknown,
        },
        text: c.text.clone(),
        test: c.expr.clone(),
        citation: citation(ev.rules, &c.cite),
        inputs: Vec::new(),
        values: Vec::new(),
        parameters: Vec::new(),
    };
    fill_trace(ev, &mut r, reads);
    r
}

fn fill_trace(ev: &Eval<'_>, r: &mut Reason, reads: &[Read]) {
    let rules = ev.rules;
    for read in reads {
        match *read {
            Read::Fact(f, v) => {
                let name = fact_path(ev.hh, f);
                if !r.inputs.iter().any(|i| i.name == name) {
                    r.inputs.push(InputOut {
                        name,
                        value: v.to_json(),
                    });
                }
            }
            Read::Def(d, person, v) => {
                let Some(def) = rules.defs.get(usize::from(d)) else {
                    continue;
                };
                let name = match def.scope {
                    crate::pack::model::Scope::Household => def.id.clone(),
                    crate::pack::model::Scope::Member => {
                        format!("{}[{}]", def.id, person_id(ev.hh, person))
                    }
                    _ => format!("{}[{person}]", def.id),
                };
                if !r.values.iter().any(|i| i.name == name) {
                    r.values.push(InputOut {
                        name,
                        value: v.to_json(),
                    });
                }
            }
            Read::Param(p) => {
                let Some(param) = rules.params.get(usize::from(p)) else {
                    continue;
                };
                if r.parameters.iter().any(|x| x.id == param.id) {
                    continue;
                }
                let (_, h) = ev
                    .snap
                    .values
                    .get(usize::from(p))
                    .copied()
                    .unwrap_or((Value::Unknown, None));
                if h == Some(super::OVERRIDE) {
                    let v = ev
                        .snap
                        .values
                        .get(usize::from(p))
                        .map_or(Value::Unknown, |x| x.0);
                    r.parameters.push(ParamOut {
                        id: param.id.clone(),
                        value: v.to_json(),
                        unit: param.unit.clone(),
                        published: String::new(),
                        from: String::new(),
                        citation: Citation {
                            unsourced: Some("value set by the caller".into()),
                            ..empty_citation()
                        },
                    });
                    continue;
                }
                let hist = h.and_then(|h| param.history.get(h));
                r.parameters.push(match hist {
                    Some(h) => ParamOut {
                        id: param.id.clone(),
                        value: h.value.to_json(),
                        unit: param.unit.clone(),
                        published: h.published.clone(),
                        from: crate::date::format(h.from),
                        citation: citation(rules, &h.cite),
                    },
                    None => ParamOut {
                        id: param.id.clone(),
                        value: serde_json::Value::Null,
                        unit: param.unit.clone(),
                        published: String::new(),
                        from: String::new(),
                        citation: empty_citation(),
                    },
                });
            }
        }
    }
}

fn empty_citation() -> Citation {
    Citation {
        title: None,
        doc_number: None,
        article: None,
        publisher: None,
        date: None,
        url: None,
        unsourced: None,
    }
}

/// Resolves a citation to its document.
pub fn citation(rules: &Rules, c: &Cite) -> Citation {
    match c {
        Cite::Unsourced(note) => Citation {
            unsourced: Some(note.clone()),
            ..empty_citation()
        },
        Cite::Source { source, article } => match rules.sources.get(usize::from(*source)) {
            Some(s) => Citation {
                title: Some(s.title.clone()),
                doc_number: s.doc_number.clone(),
                article: article.clone(),
                publisher: Some(s.publisher.clone()),
                date: Some(crate::date::format(s.date)),
                url: s.url.clone(),
                unsourced: None,
            },
            None => empty_citation(),
        },
    }
}

fn person_id(hh: &Household, i: u16) -> String {
    hh.members
        .as_ref()
        .and_then(|m| m.get(usize::from(i)))
        .map_or_else(|| i.to_string(), |p| p.id.clone())
}

/// Path of a fact in the household document.
pub fn fact_path(hh: &Household, f: FactRef) -> String {
    let _ = hh;
    match f.key {
        FactKey::Member(field) => format!("members[{}].{}", f.index, field.name()),
        FactKey::Supporter(field) => format!("supporters[{}].{}", f.index, field.name()),
        other => other.name(),
    }
}

fn render_missing(hh: &Household, blame: &[Blame]) -> Vec<Missing> {
    let mut out: Vec<Missing> = blame
        .iter()
        .filter_map(|b| match b {
            Blame::Fact(f) => Some(f),
            Blame::NoRule(_) => None,
        })
        .map(|f| {
            let person = match f.key {
                FactKey::Member(_) => hh
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
            Missing {
                fact: f.key.name(),
                path: fact_path(hh, *f),
                person,
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}
