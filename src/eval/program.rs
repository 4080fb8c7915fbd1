//! Decides each program from its criteria and amount. [`decide_with`] stops there (batch runs,
//! policy comparison); [`assess_with`] also builds the result with its reasons, quoting the
//! texts and citations compiled once in [`crate::compile::shown`].

use super::{kleene_and, Eval, Read, Snapshot, Spare, Workspace};
use crate::compile::node::{Blame, FactKey, FactRef};
use crate::compile::shown::{cited_on, ProgramShown};
use crate::compile::{Amount, Criterion, Program, Rules, Topic};
use crate::error::EvalError;
use crate::facts::Household;
use crate::pack::model::Per;
use crate::result::*;
use crate::shared::Str;
use crate::value::Value;
use rust_decimal::Decimal;
use std::sync::Arc;

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

/// Assesses every program of the topic (every program when `None`) for one household.
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
        if !in_topic(rules, p, opts.topic) {
            continue;
        }
        let mut out = Some(ProgramResult::default());
        program(&mut ev, usize::from(p), &mut out)?;
        if let Some(slot) = results.get_mut(usize::from(p)) {
            *slot = out;
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
    if opts.topic.is_none_or(|t| t == Topic::Benefits) {
        a.package = Some(crate::package::build(rules, &a));
    }
    Ok(a)
}

/// Decides every program of the topic for one household, without building explanations:
/// `out` receives one decision per program, in the rules' authored order.
pub fn decide_with(
    rules: &Rules,
    snap: &Snapshot,
    hh: &Household,
    ws: &mut Workspace,
    topic: Option<Topic>,
    out: &mut Vec<Decision>,
) -> Result<(), EvalError> {
    out.clear();
    let mut ev = Eval::new(rules, snap, hh, ws, false);
    for &p in &rules.order {
        if in_topic(rules, p, topic) {
            out.push(program(&mut ev, usize::from(p), &mut None)?);
        }
    }
    out.sort_unstable_by_key(|d| d.program);
    Ok(())
}

fn in_topic(rules: &Rules, p: u16, topic: Option<Topic>) -> bool {
    let t = rules.programs.get(usize::from(p)).map(|x| x.topic);
    topic.is_none_or(|want| Some(want) == t)
}

struct Outcome {
    value: Value,
    amount: Option<(Decimal, Decimal)>,
    at_least: bool,
    reasons: Vec<Reason>,
}

fn no_program(p: usize) -> EvalError {
    EvalError {
        code: "overflow",
        at: format!("program {p}"),
    }
}

/// Decides program `p`; when `out` holds a result, fills it in for the explanation.
fn program<'a>(
    ev: &mut Eval<'a>,
    p: usize,
    out: &mut Option<ProgramResult>,
) -> Result<Decision, EvalError> {
    let rules: &'a Rules = ev.rules;
    let (Some(prog), Some(shown)) = (rules.programs.get(p), rules.shown.programs.get(p)) else {
        return Err(no_program(p));
    };
    let index = u16::try_from(p).map_err(|_| no_program(p))?;
    ev.truncate_blame(0);
    ev.take_unsourced();
    // Reads left over from the previous program (its dates) belong to no reason of this one.
    let stale = ev.take_reads();
    ev.give_back_reads(stale);
    let render = out.is_some();
    let mut members = Vec::new();
    let (value, amount, at_least, reasons) = match prog.per {
        Per::Household => {
            let o = decide(ev, prog, shown, render)?;
            let range = ev.stash_blame(0);
            ev.store_program(p, None, o.value, range);
            (o.value, o.amount, o.at_least, o.reasons)
        }
        Per::Member => {
            let (v, a, b) = per_member(ev, prog, shown, p, render.then_some(&mut members))?;
            (v, a, b, Vec::new())
        }
    };
    // The low end of a range: per member, the sum of the eligible members' (each shown too).
    let member_low = match prog.per {
        Per::Member if render && amount.is_some() => members
            .iter()
            .filter(|m| m.status == crate::result::Status::Eligible)
            .map(|m| m.amount.as_ref().and_then(|a| a.from.as_deref()))
            .try_fold(Decimal::ZERO, |t, from| {
                t.checked_add(from?.parse::<Decimal>().ok()?)
            }),
        _ => None,
    };
    let status = status(value, prog.discretionary, office_only(ev.blame()));
    let decision = Decision {
        program: index,
        status,
        amount,
        at_least,
    };
    let Some(r) = out.as_mut() else {
        return Ok(decision);
    };
    let mut blame: Vec<Blame> = ev.blame().to_vec();
    blame.sort();
    blame.dedup();
    r.missing = render_missing(ev, &blame);
    r.no_rule = blame
        .iter()
        .filter_map(|b| match b {
            Blame::NoRule(p) => rules
                .shown
                .params
                .get(usize::from(*p))
                .map(|x| x.id.clone()),
            _ => None,
        })
        .collect();
    for i in ev.take_unsourced() {
        let Some((_, Some(h))) = ev.snap.values.get(usize::from(i)).copied() else {
            continue;
        };
        let Some(shown) = rules.shown.params.get(usize::from(i)) else {
            continue;
        };
        if let Some(Some(u)) = shown.unsourced.get(h) {
            r.unsourced.push(u.clone());
        }
        if ev.snap.stale.get(usize::from(i)).copied().unwrap_or(false) {
            if let Some(Some(st)) = shown.stale.get(h) {
                r.stale.push(st.clone());
            }
        }
    }
    for (d, id) in prog.dates.iter().zip(&shown.dates) {
        if let Value::Date(date) = ev.eval(&d.node).map_err(|f| ev.error(f))? {
            r.dates.push(DateOut {
                id: id.clone(),
                date: crate::date::format(date),
                text: d.text.clone(),
            });
        }
    }
    r.id = shown.id.clone();
    r.name = prog.name.clone();
    r.status = status;
    r.amount = amount.map(|a| amount_out(a, prog, at_least));
    if let (Some(out), Some(a)) = (r.amount.as_mut(), prog.amount.as_ref()) {
        out.from = match prog.per {
            Per::Household => low_end(ev, a)?.map(|x| x.to_string()),
            Per::Member => member_low.map(|x| x.to_string()),
        };
    }
    r.members = members;
    r.reasons = reasons;
    r.documents = prog
        .documents
        .iter()
        .filter(|d| {
            d.from.is_none_or(|f| f <= ev.snap.date) && d.until.is_none_or(|u| ev.snap.date <= u)
        })
        .map(|d| d.text.clone())
        .collect();
    r.apply_at = prog.apply_at.clone();
    Ok(decision)
}

/// The low end of a range (`floor`), rounded as the amount is, in the current scope; unknown or
/// a bound: none. What it reads is not part of the program's reasons.
fn low_end<'a>(ev: &mut Eval<'a>, a: &'a Amount) -> Result<Option<Decimal>, EvalError> {
    let Some(n) = &a.floor else {
        return Ok(None);
    };
    let marks = (ev.ws.blame.len(), ev.ws.reads.len(), ev.ws.unsourced.len());
    let low = ev.eval(n).map_err(|f| ev.error(f))?;
    ev.ws.blame.truncate(marks.0);
    ev.ws.reads.truncate(marks.1);
    ev.ws.unsourced.truncate(marks.2);
    Ok(match low {
        Value::Num(x) => Some(money(x, a)),
        _ => None,
    })
}

/// How often the program's amount is paid (monthly when it has none).
pub(crate) fn period(prog: &Program) -> Period {
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
    shown: &'a ProgramShown,
    p: usize,
    mut out: Option<&mut Vec<MemberResult>>,
) -> Result<(Value, Amounts, bool), EvalError> {
    let Some(list) = ev.hh.members.as_ref() else {
        ev.truncate_blame(0);
        let v = ev.fact(FactKey::MEMBERS, 0, Value::Unknown);
        return Ok((v, None, false));
    };
    let mut any = Value::Bool(false);
    let mut monthly = Decimal::ZERO;
    let mut annual = Decimal::ZERO;
    let mut amount_known = true;
    let mut at_least = false;
    for (i, person) in list.iter().enumerate() {
        ev.member = i;
        let mark = ev.blame().len();
        let o = decide(ev, prog, shown, out.is_some())?;
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
                        .ok_or_else(|| ev.error(super::Fault::Overflow))?;
                    annual = annual
                        .checked_add(y)
                        .ok_or_else(|| ev.error(super::Fault::Overflow))?;
                }
                None => amount_known = false,
            }
        }
        if let Some(out) = out.as_deref_mut() {
            let mut mb: Vec<Blame> = ev
                .blame()
                .get(mark..)
                .map(<[Blame]>::to_vec)
                .unwrap_or_default();
            mb.sort();
            mb.dedup();
            let mut amount = o.amount.map(|a| amount_out(a, prog, o.at_least));
            if let (Some(out), Some(a)) = (amount.as_mut(), prog.amount.as_ref()) {
                out.from = low_end(ev, a)?.map(|x| x.to_string());
            }
            out.push(MemberResult {
                id: person.id.clone(),
                status: status(o.value, prog.discretionary, office_only(&mb)),
                amount,
                reasons: o.reasons,
                missing: render_missing(ev, &mb),
            });
        }
    }
    ev.member = 0;
    let has_amount = prog.amount.is_some() && any.is_bool(true) && amount_known;
    Ok((any, has_amount.then_some((monthly, annual)), at_least))
}

/// Evaluates the criteria (all of them, for the explanation) and, when eligible, the amount.
fn decide<'a>(
    ev: &mut Eval<'a>,
    prog: &'a Program,
    shown: &'a ProgramShown,
    render: bool,
) -> Result<Outcome, EvalError> {
    let mark = ev.blame().len();
    let mut all = Value::Bool(true);
    let mut reasons = if render {
        Spare::take(
            &mut ev.ws.spare.reasons,
            prog.criteria.len().saturating_add(1),
        )
    } else {
        Vec::new()
    };
    let no_earlier = Vec::new();
    for (k, (c, quoted)) in prog.criteria.iter().zip(&shown.criteria).enumerate() {
        let cm = ev.blame().len();
        let um = ev.ws.unsourced.len();
        ev.at = prog.id.as_str();
        let mut v = ev.eval(&c.node).map_err(|f| ev.error(f))?;
        if v.is_known() {
            ev.truncate_blame(cm);
        }
        if v.is_bool(false) && unsourced_read(ev, um) {
            v = doubt(ev, c)?;
        }
        all = kleene_and(all, v);
        // Without the explanation, the first criterion that fails decides.
        if !render && all.is_bool(false) {
            break;
        }
        if render {
            let reads = ev.take_reads();
            let earlier = shown.criteria_earlier.get(k).unwrap_or(&no_earlier);
            let cited = cited_on(ev.snap.date, &quoted.2, earlier);
            reasons.push(reason(ev, c, (&quoted.0, &quoted.1, cited), v, &reads));
            ev.give_back_reads(reads);
        }
    }
    if all.is_bool(false) {
        ev.truncate_blame(mark);
    }
    let mut amount = None;
    let mut at_least = false;
    if all.is_bool(true) {
        if let Some(a) = &prog.amount {
            (amount, at_least) = match compute_amount(ev, a)? {
                Some((m, y, b)) => (Some((m, y)), b),
                None => (None, false),
            };
            if render && ev.trace {
                let reads = ev.take_reads();
                let cited = cited_on(ev.snap.date, &shown.amount, &shown.amount_earlier);
                reasons.push(amount_reason(ev, a, cited, amount.is_some(), &reads));
                ev.give_back_reads(reads);
            }
        }
    }
    Ok(Outcome {
        value: all,
        amount,
        at_least,
        reasons,
    })
}

/// Whether a parameter read since `mark` has an unsourced value in force.
fn unsourced_read(ev: &Eval<'_>, mark: usize) -> bool {
    ev.ws
        .unsourced
        .get(mark..)
        .is_some_and(|read| read.iter().any(|&p| ev.unsourced_value(p)))
}

/// A criterion failed after reading an unsourced figure. Failing on a figure no published
/// source gives is no reason to turn the resident away, so it is evaluated again with every
/// unsourced figure unknown: it stays failed only if it fails whatever they are; otherwise it
/// is undecided, blamed on them, and the office decides.
fn doubt<'a>(ev: &mut Eval<'a>, c: &'a Criterion) -> Result<Value, EvalError> {
    let marks = (ev.ws.blame.len(), ev.ws.reads.len(), ev.ws.unsourced.len());
    ev.doubt = true;
    let again = ev.eval(&c.node);
    ev.doubt = false;
    let mut doubted: Vec<Blame> = ev
        .ws
        .blame
        .get(marks.0..)
        .unwrap_or_default()
        .iter()
        .filter(|b| matches!(b, Blame::Unsourced(_)))
        .copied()
        .collect();
    ev.ws.blame.truncate(marks.0);
    ev.ws.reads.truncate(marks.1);
    ev.ws.unsourced.truncate(marks.2);
    match again.map_err(|f| ev.error(f))? {
        Value::Bool(false) => Ok(Value::Bool(false)),
        _ => {
            doubted.sort();
            doubted.dedup();
            ev.ws.blame.extend(doubted);
            Ok(Value::Unknown)
        }
    }
}

/// Monthly and annual amounts, and whether they are lower bounds.
type Bounded = Option<(Decimal, Decimal, bool)>;

fn compute_amount<'a>(ev: &mut Eval<'a>, a: &'a Amount) -> Result<Bounded, EvalError> {
    let m = match &a.monthly {
        Some(n) => Some(ev.eval(n).map_err(|f| ev.error(f))?),
        None => None,
    };
    let y = match &a.annual {
        Some(n) => Some(ev.eval(n).map_err(|f| ev.error(f))?),
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

fn amount_reason(
    ev: &mut Eval<'_>,
    a: &Amount,
    citation: &Arc<Citation>,
    computed: bool,
    reads: &[Read],
) -> Reason {
    let mut r = Reason {
        criterion: Str::from("amount"),
        outcome: if computed {
            crate::result::Outcome::Computed
        } else {
            crate::result::Outcome::Unknown
        },
        text: a.text.clone().unwrap_or_default(),
        test: Str::default(),
        citation: citation.clone(),
        inputs: Vec::new(),
        values: Vec::new(),
        parameters: Vec::new(),
    };
    fill_trace(ev, &mut r, reads);
    r
}

fn reason(
    ev: &mut Eval<'_>,
    c: &Criterion,
    (id, test, citation): (&Str, &Str, &Arc<Citation>),
    v: Value,
    reads: &[Read],
) -> Reason {
    let mut r = Reason {
        criterion: id.clone(),
        outcome: match v {
            Value::Bool(true) => crate::result::Outcome::Met,
            Value::Bool(false) => crate::result::Outcome::NotMet,
            _ => crate::result::Outcome::Unknown,
        },
        text: c.text.clone(),
        test: test.clone(),
        citation: citation.clone(),
        inputs: Vec::new(),
        values: Vec::new(),
        parameters: Vec::new(),
    };
    fill_trace(ev, &mut r, reads);
    r
}

/// Lists what the reads name, each once, in the order first read.
fn fill_trace(ev: &mut Eval<'_>, r: &mut Reason, reads: &[Read]) {
    ev.ws.seen.next();
    let mut firsts = std::mem::take(&mut ev.ws.firsts);
    firsts.clear();
    let mut counts = [0usize; 3];
    for read in reads {
        if ev.ws.seen.first_read(read) {
            firsts.push(*read);
            if let Some(c) = counts.get_mut(match read {
                Read::Fact(..) => 0,
                Read::Def(..) => 1,
                Read::Param(_) => 2,
            }) {
                *c = c.saturating_add(1);
            }
        }
    }
    let [facts, defs, params] = counts;
    let spare = &mut ev.ws.spare;
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
                let name = names(ev, f).1;
                r.inputs.push(InputOut {
                    name,
                    value: ValueOut::Value(v),
                });
            }
            Read::Def(d, person, v) => {
                if let Some(name) = def_name(ev, d, person) {
                    r.values.push(InputOut {
                        name,
                        value: ValueOut::Value(v),
                    });
                }
            }
            Read::Param(p) => {
                if let Some(out) = param_out(ev, p) {
                    r.parameters.push(out);
                }
            }
        }
    }
    ev.ws.firsts = firsts;
}

/// A definition's name in the trace: `income`, or `supplement_member[m1]` for a member's.
fn def_name(ev: &mut Eval<'_>, d: u16, person: u16) -> Option<Str> {
    use crate::pack::model::Scope;
    let rules = ev.rules;
    let def = rules.defs.get(usize::from(d))?;
    let id = rules.shown.defs.get(usize::from(d))?;
    if def.scope == Scope::Household {
        return Some(id.clone());
    }
    let who = match def.scope {
        Scope::Member => person_id(ev.hh, person),
        _ => Str::from(person.to_string()),
    };
    let cache = &mut ev.ws.def_names;
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

fn param_out(ev: &Eval<'_>, p: u16) -> Option<Arc<ParamOut>> {
    let shown = ev.rules.shown.params.get(usize::from(p))?;
    let (v, h) = ev
        .snap
        .values
        .get(usize::from(p))
        .copied()
        .unwrap_or((Value::Unknown, None));
    if h == Some(super::OVERRIDE) {
        return Some(Arc::new(ParamOut {
            id: shown.id.clone(),
            value: ValueOut::Value(v),
            unit: shown.unit.clone(),
            published: Str::default(),
            from: Str::default(),
            from_assumed: None,
            known_until: Str::default(),
            citation: Arc::new(Citation {
                unsourced: Some(Str::from("value set by the caller")),
                ..Citation::default()
            }),
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
            citation: Arc::default(),
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
pub fn fact_path(f: FactRef) -> String {
    match f.key {
        FactKey::Member(field) => format!("members[{}].{}", f.index, field.name()),
        FactKey::Supporter(field) => format!("supporters[{}].{}", f.index, field.name()),
        other => other.name(),
    }
}

/// The fact's generic name and its path, formatted once per workspace.
fn names(ev: &mut Eval<'_>, f: FactRef) -> (Str, Str) {
    let rules = ev.rules;
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
    let cache = &mut ev.ws.paths;
    if cache.len() <= i {
        cache.resize(FactRef::DENSE.max(i.saturating_add(1)), None);
    }
    match cache.get_mut(i) {
        Some(Some(e)) => e.clone(),
        Some(slot) => slot.insert(make()).clone(),
        None => make(),
    }
}

fn render_missing(ev: &mut Eval<'_>, blame: &[Blame]) -> Vec<Missing> {
    let hh = ev.hh;
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
            let (fact, path) = names(ev, f);
            Missing { fact, path, person }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}
