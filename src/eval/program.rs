//! Decides each program from its criteria and amount. [`decide_with`] stops at the decisions
//! (batch runs, policy comparison); [`evaluate`] evaluates every criterion and records each
//! one's value, what it read and what it waits on in a [`Trace`], from which
//! [`crate::report`] builds the explanation. Nothing here formats or quotes anything.

use super::trace::{slice, span_from, ProgramTrace, Span, Step, StepKind, Trace, UnitTrace};
use super::{kleene_and, Eval, Expr, Exprs, Fault, Snapshot, Workspace};
use crate::compile::node::{Blame, FactKey};
use crate::compile::{Amount, Program, Rules, Topic};
use crate::error::EvalError;
use crate::facts::Household;
use crate::pack::model::Per;
use crate::result::{Period, Status};
use crate::value::Value;
use rust_decimal::Decimal;

/// A program's outcome without its explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Index into [`Rules::programs`].
    pub program: u16,
    /// Status.
    pub status: Status,
    /// Monthly and annual amounts, rounded as the rule says, when eligible and computable.
    pub amount: Option<(Decimal, Decimal)>,
    /// The amount is a lower bound: it was computed from a figure past its `known_until`.
    pub at_least: bool,
}

/// Evaluates every program of the topic (every program when `None`) for one household, every
/// criterion of each, and records the outcomes in `trace` for the report; `reads`: record what
/// each criterion read too (the explanation's inputs and parameters).
pub fn evaluate(
    rules: &Rules,
    snap: &Snapshot,
    hh: &Household,
    ws: &mut Workspace,
    trace: &mut Trace,
    reads: bool,
    topic: Option<Topic>,
) -> Result<(), EvalError> {
    trace.clear();
    let mut ev = Eval::new(rules, snap, hh, ws, reads);
    for &p in &rules.order {
        if in_topic(rules, p, topic) {
            program(&mut ev, usize::from(p), Some(trace))?;
        }
    }
    // The reads stay where the evaluator put them; the trace takes the list whole.
    std::mem::swap(&mut trace.reads, &mut ev.ws.reads);
    Ok(())
}

/// Decides every program of the topic for one household, without recording anything for an
/// explanation: `out` receives one decision per program, in the rules' authored order.
pub fn decide_with(
    rules: &Rules,
    snap: &Snapshot,
    hh: &Household,
    ws: &mut Workspace,
    topic: Option<Topic>,
    out: &mut Vec<Decision>,
) -> Result<(), EvalError> {
    decide_in_order(rules, snap, hh, ws, topic, None, out)
}

/// Decides the programs one program needs and that program: the programs of the rules' order
/// up to it (the order puts every program a program reads through `eligible(...)` before it),
/// so `out` holds its decision as [`decide_with`] would give it, and the decisions of the
/// programs before it. A curve of one program's amount over an income range asks this at each
/// income rather than deciding every program (`crate::whatif`).
pub fn decide_until(
    rules: &Rules,
    snap: &Snapshot,
    hh: &Household,
    ws: &mut Workspace,
    last: u16,
    out: &mut Vec<Decision>,
) -> Result<(), EvalError> {
    decide_in_order(rules, snap, hh, ws, None, Some(last), out)
}

fn decide_in_order(
    rules: &Rules,
    snap: &Snapshot,
    hh: &Household,
    ws: &mut Workspace,
    topic: Option<Topic>,
    last: Option<u16>,
    out: &mut Vec<Decision>,
) -> Result<(), EvalError> {
    out.clear();
    let mut ev = Eval::new(rules, snap, hh, ws, false);
    for &p in &rules.order {
        if in_topic(rules, p, topic) {
            out.push(program(&mut ev, usize::from(p), None)?);
        }
        if last == Some(p) {
            break;
        }
    }
    crate::order::sort_by_key(out, |d| d.program);
    Ok(())
}

fn in_topic(rules: &Rules, p: u16, topic: Option<Topic>) -> bool {
    let t = rules.programs.get(usize::from(p)).map(|x| x.topic);
    topic.is_none_or(|want| Some(want) == t)
}

/// One unit's outcome (the household's, or a member's).
struct Outcome {
    value: Value,
    amount: Option<(Decimal, Decimal)>,
    at_least: bool,
    /// The steps recorded, in [`Trace::steps`].
    steps: Span,
}

fn no_program(p: usize) -> EvalError {
    EvalError {
        code: "overflow",
        at: format!("program {p}"),
    }
}

fn index(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// Decides program `p`; with a trace, records the program in it.
fn program<'a>(
    ev: &mut Eval<'a>,
    p: usize,
    mut trace: Option<&mut Trace>,
) -> Result<Decision, EvalError> {
    let rules: &'a Rules = ev.rules;
    let (Some(prog), Some(pc)) = (rules.programs.get(p), ev.program_exprs(p)) else {
        return Err(no_program(p));
    };
    let id = u16::try_from(p).map_err(|_| no_program(p))?;
    ev.start_program();
    let units = trace.as_ref().map_or(0, |t| t.units.len());
    let (value, amount, at_least, steps) = match prog.per {
        Per::Household => {
            let o = decide(ev, prog, pc, trace.as_deref_mut())?;
            let range = ev.stash_blame(0);
            ev.store_program(p, None, o.value, range);
            (o.value, o.amount, o.at_least, o.steps)
        }
        Per::Member => {
            let (v, a, b) = per_member(ev, prog, pc, p, trace.as_deref_mut())?;
            (v, a, b, (0, 0))
        }
    };
    let decision = Decision {
        program: id,
        status: status(value, prog.discretionary, office_only(ev.blame())),
        amount,
        at_least,
    };
    let Some(t) = trace else {
        return Ok(decision);
    };
    let blame = push_set(&mut t.blame, ev.blame());
    let unsourced = push_set(&mut t.unsourced, &ev.ws.unsourced);
    let dates = t.dates.len();
    for (i, d) in pc.dates().enumerate() {
        if let Value::Date(date) = d.run(ev).map_err(|f| ev.error(f))? {
            t.dates.push((index(i), date));
        }
    }
    let dates = span_from(&t.dates, dates);
    if prog.per == Per::Household {
        let low = match (amount, &prog.amount) {
            (Some(_), Some(a)) => low_end(ev, a, pc)?,
            _ => None,
        };
        t.units.push(UnitTrace {
            status: decision.status,
            amount,
            at_least,
            low,
            blame,
            steps,
        });
    }
    t.programs.push(ProgramTrace {
        decision,
        units: span_from(&t.units, units),
        blame,
        unsourced,
        dates,
    });
    Ok(decision)
}

/// Appends `items` to `list`, sorted and without repeats, and returns where they are.
fn push_set<T: Ord + Copy>(list: &mut Vec<T>, items: &[T]) -> Span {
    let from = list.len();
    list.extend_from_slice(items);
    if let Some(tail) = list.get_mut(from..) {
        crate::order::sort(tail);
    }
    let mut kept = from;
    for i in from..list.len() {
        let x = list.get(i).copied();
        let last = kept.checked_sub(1).filter(|&k| k >= from);
        if x.is_some() && last.and_then(|k| list.get(k).copied()) != x {
            if let (Some(slot), Some(x)) = (list.get_mut(kept), x) {
                *slot = x;
            }
            kept = kept.saturating_add(1);
        }
    }
    list.truncate(kept);
    span_from(list, from)
}

/// The low end of a range (`floor`), rounded as the amount is, in the current scope; unknown or
/// a bound: none. What it reads is no part of any outcome.
fn low_end<'a>(
    ev: &mut Eval<'a>,
    a: &'a Amount,
    pc: Exprs<'a>,
) -> Result<Option<Decimal>, EvalError> {
    let Some(n) = pc.floor() else {
        return Ok(None);
    };
    let marks = ev.marks();
    let low = n.run(ev).map_err(|f| ev.error(f))?;
    ev.rewind(marks);
    Ok(match low {
        Value::Num(x) => Some(money(x, a)),
        _ => None,
    })
}

/// Whether an undecided outcome waits on the office rather than on the resident: nothing the
/// household can answer is missing, and a rule is not on file, is stale or is unsourced.
fn office_only(blame: &[Blame]) -> bool {
    !blame.iter().any(|b| matches!(b, Blame::Fact(_))) && !blame.is_empty()
}

fn status(v: Value, discretionary: bool, office_only: bool) -> Status {
    match v {
        Value::Bool(true) if discretionary => Status::Refer,
        Value::Bool(true) => Status::Eligible,
        Value::Bool(false) => Status::Ineligible,
        _ if office_only => Status::Refer,
        _ => Status::NeedsInfo,
    }
}

type Amounts = Option<(Decimal, Decimal)>;

fn per_member<'a>(
    ev: &mut Eval<'a>,
    prog: &'a Program,
    pc: Exprs<'a>,
    p: usize,
    mut trace: Option<&mut Trace>,
) -> Result<(Value, Amounts, bool), EvalError> {
    let Some(list) = ev.hh.members.as_ref() else {
        let v = ev.fact(FactKey::MEMBERS, 0, Value::Unknown);
        return Ok((v, None, false));
    };
    let mut any = Value::Bool(false);
    let mut monthly = Decimal::ZERO;
    let mut annual = Decimal::ZERO;
    let mut amount_known = true;
    let mut at_least = false;
    for i in 0..list.len() {
        ev.member = i;
        let mark = ev.blame().len();
        let o = decide(ev, prog, pc, trace.as_deref_mut())?;
        let range = ev.stash_blame(mark);
        ev.store_program(p, Some(i), o.value, range);
        any = match (any, o.value) {
            (Value::Bool(true), _) | (_, Value::Bool(true)) => Value::Bool(true),
            (Value::Bool(false), Value::Bool(false)) => Value::Bool(false),
            _ => Value::Unknown,
        };
        // A member still undecided could add to the total: no total until all are decided.
        if !o.value.is_known() {
            amount_known = false;
        }
        if o.value.is_bool(true) {
            at_least |= o.at_least && o.amount.is_some();
            match o.amount {
                Some((m, y)) => {
                    monthly = monthly
                        .checked_add(m)
                        .ok_or_else(|| ev.error(Fault::Overflow))?;
                    annual = annual
                        .checked_add(y)
                        .ok_or_else(|| ev.error(Fault::Overflow))?;
                }
                None => amount_known = false,
            }
        }
        if let Some(t) = trace.as_deref_mut() {
            let blame = push_set(&mut t.blame, ev.blame().get(mark..).unwrap_or_default());
            let low = match (o.amount, &prog.amount) {
                (Some(_), Some(a)) => low_end(ev, a, pc)?,
                _ => None,
            };
            t.units.push(UnitTrace {
                status: status(
                    o.value,
                    prog.discretionary,
                    office_only(slice(&t.blame, blame)),
                ),
                amount: o.amount,
                at_least: o.at_least,
                low,
                blame,
                steps: o.steps,
            });
        }
    }
    ev.member = 0;
    let has_amount = prog.amount.is_some() && any.is_bool(true) && amount_known;
    Ok((any, has_amount.then_some((monthly, annual)), at_least))
}

/// Evaluates the criteria and, when eligible, the amount. Without a trace the first criterion
/// that fails decides; with one, every criterion is evaluated and recorded.
fn decide<'a>(
    ev: &mut Eval<'a>,
    prog: &'a Program,
    pc: Exprs<'a>,
    mut trace: Option<&mut Trace>,
) -> Result<Outcome, EvalError> {
    let mark = ev.blame().len();
    let first = trace.as_ref().map_or(0, |t| t.steps.len());
    let mut all = Value::Bool(true);
    for (k, c) in pc.criteria().enumerate() {
        let marks = ev.marks();
        ev.at = prog.id.as_str();
        let mut v = c.run(ev).map_err(|f| ev.error(f))?;
        if v.is_known() {
            ev.settle(marks.blame);
        }
        if v.is_bool(false) && ev.read_unsourced_since(marks.unsourced) {
            v = doubt(ev, c)?;
        }
        all = kleene_and(all, v);
        match trace.as_deref_mut() {
            None if all.is_bool(false) => break,
            None => {}
            Some(t) => t.steps.push(Step {
                what: StepKind::Criterion(index(k)),
                value: v,
                reads: span_from(&ev.ws.reads, marks.reads),
            }),
        }
    }
    if all.is_bool(false) {
        ev.settle(mark);
    }
    let mut amount = None;
    let mut at_least = false;
    if all.is_bool(true) {
        if let Some(a) = &prog.amount {
            let reads = ev.ws.reads.len();
            (amount, at_least) = match compute_amount(ev, a, pc)? {
                Some((m, y, b)) => (Some((m, y)), b),
                None => (None, false),
            };
            if let Some(t) = trace.as_deref_mut().filter(|_| ev.trace) {
                t.steps.push(Step {
                    what: StepKind::Amount(amount.is_some()),
                    value: Value::Unknown,
                    reads: span_from(&ev.ws.reads, reads),
                });
            }
        }
    }
    Ok(Outcome {
        value: all,
        amount,
        at_least,
        steps: trace.map_or((0, 0), |t| span_from(&t.steps, first)),
    })
}

/// A criterion failed after reading an unsourced figure. Failing on a figure no published
/// source gives is no reason to turn the resident away, so it is evaluated again with every
/// unsourced figure unknown: it stays failed only if it fails whatever they are; otherwise it
/// is undecided, blamed on them, and the office decides.
fn doubt(ev: &mut Eval<'_>, c: &impl Expr) -> Result<Value, EvalError> {
    let marks = ev.marks();
    ev.doubt = true;
    let again = c.run(ev);
    ev.doubt = false;
    let mut doubted: Vec<Blame> = ev
        .blame()
        .get(marks.blame..)
        .unwrap_or_default()
        .iter()
        .filter(|b| matches!(b, Blame::Unsourced(_)))
        .copied()
        .collect();
    ev.rewind(marks);
    match again.map_err(|f| ev.error(f))? {
        Value::Bool(false) => Ok(Value::Bool(false)),
        _ => {
            crate::order::sort(&mut doubted);
            doubted.dedup();
            ev.blame_all(&doubted);
            Ok(Value::Unknown)
        }
    }
}

/// Monthly and annual amounts, and whether they are lower bounds.
type Bounded = Option<(Decimal, Decimal, bool)>;

fn compute_amount<'a>(
    ev: &mut Eval<'a>,
    a: &'a Amount,
    pc: Exprs<'a>,
) -> Result<Bounded, EvalError> {
    let m = match pc.monthly() {
        Some(n) => Some(n.run(ev).map_err(|f| ev.error(f))?),
        None => None,
    };
    let y = match pc.annual() {
        Some(n) => Some(n.run(ev).map_err(|f| ev.error(f))?),
        None => None,
    };
    let twelve = Decimal::from(12);
    // A lower bound is shown as "at least"; an upper bound alone says nothing a resident can use.
    let low = |v: Option<Value>| match v {
        Some(Value::Num(x)) => Some(Some((x, false))),
        Some(Value::AtLeast(x)) => Some(Some((x, true))),
        None => Some(None),
        _ => None,
    };
    let pair = match (low(m), low(y)) {
        // A one-off payment counts once, whatever the period of the figures.
        (Some(None), Some(Some((y, b)))) if a.period == Period::Once => Some((y, y, b)),
        (Some(Some((m, b1))), Some(Some((y, b2)))) => Some((m, y, b1 || b2)),
        (Some(Some((m, b))), Some(None)) => m.checked_mul(twelve).map(|y| (m, y, b)),
        (Some(None), Some(Some((y, b)))) => y.checked_div(twelve).map(|m| (m, y, b)),
        _ => None,
    };
    Ok(pair.map(|(m, y, b)| (money(m, a), money(y, a), b || a.at_least)))
}

/// Rounds to the amount's places and keeps exactly that many decimals (`150.00`).
fn money(v: Decimal, a: &Amount) -> Decimal {
    let mut r = v.round_dp_with_strategy(a.places, a.mode);
    r.rescale(a.places);
    r
}
