//! Evaluates compiled rules against one household: three-valued, exact, allocation-free on the
//! hot path once the workspace has grown to the household's size.
//!
//! While evaluating, the evaluator keeps the list of unknown facts that the current value depends
//! on (`blame`): a decided `and`/`or`/`any`/`all` drops the blame of the operands it did not need,
//! so what remains for an undecided criterion is what would settle it. With tracing on it also
//! records every fact, parameter and definition read, for the explanation.

pub(crate) mod bound;
#[cfg(not(target_arch = "wasm32"))]
mod code;
mod program;
mod read;
pub(crate) mod trace;

#[cfg(not(target_arch = "wasm32"))]
pub use code::{Code, Linked};
#[cfg(target_arch = "wasm32")]
mod walk;
/// A program's expressions as this build evaluates them.
#[cfg(not(target_arch = "wasm32"))]
type Exprs<'a> = &'a code::ProgramCode;
/// A program's expressions as this build evaluates them.
#[cfg(target_arch = "wasm32")]
type Exprs<'a> = walk::ProgramNodes<'a>;
pub use program::{decide_until, decide_with, evaluate, Decision};
pub use trace::Trace;

use crate::compile::node::{Blame, Coll, FactKey, FactRef, Node};
use crate::compile::{Cite, Rules};
use crate::error::EvalError;
use crate::expr::ast::{AggKind, ArithOp, CmpOp};
use crate::facts::{Household, Person};
use crate::pack::model::{RawValue, Scope};
use crate::value::{Sym, SymSet, Value};
use rust_decimal::Decimal;
use time::Date;

/// Something read while evaluating, for the explanation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Read {
    /// A fact and its value.
    Fact(FactRef, Value),
    /// A parameter.
    Param(u16),
    /// A definition (for a person index) and its value.
    Def(u16, u16, Value),
}

#[derive(Clone, Copy, Debug)]
enum Slot {
    Empty,
    Done {
        value: Value,
        blame: (u32, u32),
        reads: (u32, u32),
        unsourced: (u32, u32),
    },
}

/// Parameter values in force on one date, resolved once and reused for many households.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// Assessment date.
    pub date: Date,
    /// The date as results print it.
    pub as_of: crate::shared::Str,
    /// Value of each parameter (Unknown when none is in force), and its history index.
    pub values: Vec<(Value, Option<usize>)>,
    /// Per parameter: the value in force is past its `known_until`, so the value above is a
    /// bound (`AtLeast`) or unknown, as the parameter's `later` says.
    pub stale: Vec<bool>,
    /// Parameters whose value the caller set (a test case's options, a reform).
    pub overridden: Vec<u16>,
}

/// History index marking a value set by the caller rather than taken from the pack.
pub const OVERRIDE: usize = usize::MAX;

impl Snapshot {
    /// Resolves every parameter of `rules` on `date`.
    pub fn new(rules: &Rules, date: Date) -> Snapshot {
        let mut stale = Vec::with_capacity(rules.params.len());
        let values = rules
            .params
            .iter()
            .map(|p| {
                let at = p.at_index(date);
                let v = at
                    .and_then(|(i, _)| p.history.get(i))
                    .map_or(Value::Unknown, |v| v.value);
                let is_stale = at.is_some_and(|(_, s)| s);
                stale.push(is_stale);
                let v = match (is_stale, p.later, v) {
                    (false, _, v) => v,
                    (true, _, Value::AtLeast(x)) => Value::AtLeast(x),
                    (true, crate::compile::Later::AtLeast, Value::Num(x)) => Value::AtLeast(x),
                    (true, _, _) => Value::Unknown,
                };
                (v, at.map(|(i, _)| i))
            })
            .collect();
        Snapshot {
            date,
            as_of: crate::shared::Str::from(crate::date::format(date)),
            values,
            stale,
            overridden: Vec::new(),
        }
    }

    /// Sets a parameter's value for this snapshot (a test case's option, a reform under study).
    pub fn set(&mut self, rules: &Rules, id: &str, value: &RawValue) -> Result<(), String> {
        let Some(i) = rules.params.iter().position(|p| p.id == id) else {
            return Err(format!("no parameter `{id}`"));
        };
        let ty = rules.params.get(i).map_or(crate::value::Ty::Num, |p| p.ty);
        let v = raw_value(value, ty)
            .ok_or_else(|| format!("the value given for `{id}` is not a {}", ty.name()))?;
        if let Some(slot) = self.values.get_mut(i) {
            *slot = (v, Some(OVERRIDE));
        }
        if let Some(s) = self.stale.get_mut(i) {
            *s = false;
        }
        if let Ok(i) = u16::try_from(i) {
            self.overridden.push(i);
        }
        Ok(())
    }
}

/// Converts a literal from a rule file into a value of type `ty`, if it fits.
pub fn raw_value(raw: &RawValue, ty: crate::value::Ty) -> Option<Value> {
    use crate::value::Ty;
    match (raw, ty) {
        (RawValue::Num(n), Ty::Num) => Some(Value::Num(*n)),
        (RawValue::Frac(n, d), Ty::Num) => n.checked_div(*d).map(Value::Num),
        (RawValue::Bool(b), Ty::Bool) => Some(Value::Bool(*b)),
        (RawValue::Str(s), Ty::Str) => Sym::lookup(s).map(Value::Str),
        (RawValue::List(l), Ty::Set) => l
            .iter()
            .map(|s| Sym::lookup(s))
            .collect::<Option<SymSet>>()
            .map(Value::Set),
        _ => None,
    }
}

/// Reusable buffers, so batch evaluation does not allocate per household.
#[derive(Debug, Default)]
pub struct Workspace {
    slots: Vec<Slot>,
    blame: Vec<Blame>,
    blame_arena: Vec<Blame>,
    reads: Vec<Read>,
    reads_arena: Vec<Read>,
    programs: Vec<Slot>,
    /// Parameters read whose value carries a note for the result: unsourced, or past its
    /// `known_until` (the result lists each under `unsourced` or `stale`).
    unsourced: Vec<u16>,
    unsourced_arena: Vec<u16>,
    /// Values of the facts packs add: the household's row, then one per member.
    local: Vec<Value>,
    /// Which reads a definition's value has listed, so that its record lists each once.
    seen: Seen,
}

/// Tables for listing each read once per list (a definition's reads, a reason's), without
/// clearing them between lists.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    pub(crate) reason: u32,
    pub(crate) facts: Vec<u32>,
    pub(crate) defs: Vec<u32>,
    pub(crate) params: Vec<u32>,
}

impl Seen {
    /// Starts a new list.
    pub(crate) fn next(&mut self) {
        self.reason = self.reason.wrapping_add(1);
        if self.reason == 0 {
            self.facts.fill(0);
            self.defs.fill(0);
            self.params.fill(0);
            self.reason = 1;
        }
    }

    /// Marks a read seen; whether it was new for this list.
    pub(crate) fn first_read(&mut self, r: &Read) -> bool {
        let reason = self.reason;
        match *r {
            Read::Fact(f, _) => {
                Seen::first(&mut self.facts, f.dense().unwrap_or(FactRef::DENSE), reason)
            }
            Read::Def(d, person, _) => Seen::first(
                &mut self.defs,
                usize::from(d)
                    .saturating_mul(65)
                    .saturating_add(usize::from(person).min(64)),
                reason,
            ),
            Read::Param(p) => Seen::first(&mut self.params, usize::from(p), reason),
        }
    }

    /// Marks entry `i` of `table` seen; whether it was new for this list.
    pub(crate) fn first(table: &mut Vec<u32>, i: usize, reason: u32) -> bool {
        if table.len() <= i {
            table.resize(i.saturating_add(1), 0);
        }
        match table.get_mut(i) {
            Some(x) if *x == reason => false,
            Some(x) => {
                *x = reason;
                true
            }
            None => true,
        }
    }
}

/// An expression as this build evaluates it: natively a closure (`code.rs`), in WebAssembly
/// the compiled node, walked (`walk.rs`). The evaluator's helpers, where what each kind of
/// node means is written, run their operands through this.
pub(crate) trait Expr {
    /// Evaluates the expression in the current scope.
    fn run(&self, ev: &mut Eval<'_>) -> Result<Value, Fault>;
}

/// A person built-in's arguments and whose fact it reads: the resolver adds a last argument,
/// whether the person is a supporter.
pub(crate) fn person_args(args: &[Node]) -> (Coll, &[Node]) {
    match args.split_last() {
        Some((Node::Const(Value::Bool(true)), rest)) => (Coll::Supporters, rest),
        Some((_, rest)) => (Coll::Members, rest),
        None => (Coll::Members, args),
    }
}

/// Arguments of a built-in call held on the stack (more go to the heap: any number is allowed).
const ARGS_ON_STACK: usize = 4;

/// A call's argument values.
enum Args {
    Stack([Value; ARGS_ON_STACK], usize),
    Heap(Vec<Value>),
}

impl Args {
    fn as_slice(&self) -> &[Value] {
        match self {
            Args::Stack(v, n) => v.get(..*n).unwrap_or(v),
            Args::Heap(v) => v,
        }
    }
}

/// Evaluation state for one household.
pub struct Eval<'a> {
    pub(crate) rules: &'a Rules,
    /// The rules' closures.
    #[cfg(not(target_arch = "wasm32"))]
    code: &'a Code,
    pub(crate) snap: &'a Snapshot,
    pub(crate) hh: &'a Household,
    pub(crate) ws: &'a mut Workspace,
    pub(crate) trace: bool,
    pub(crate) member: usize,
    supporter: usize,
    vehicle: usize,
    pub(crate) at: &'a str,
    n_defs: usize,
    n_members: usize,
    n_supporters: usize,
    /// The age last computed, by collection and person index (rules often test one person's age
    /// twice in a row, as in `age >= 70 or age < 16`).
    last_age: Option<(Coll, u16, Value)>,
    /// While set, unsourced parameter values read as unknown and definitions are evaluated
    /// afresh: used to ask whether a failing criterion fails whatever those values are.
    pub(crate) doubt: bool,
}

/// A failure inside an evaluation. It is one byte, so results passed between nodes stay small;
/// the program that met it names the rule item in the error it reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// A result beyond the exact decimal range.
    Overflow,
    /// A division by zero.
    DivisionByZero,
    /// A date outside the supported calendar.
    DateOverflow,
}

impl Fault {
    /// The stable error code.
    pub fn code(self) -> &'static str {
        match self {
            Fault::Overflow => "overflow",
            Fault::DivisionByZero => "division_by_zero",
            Fault::DateOverflow => "date_overflow",
        }
    }
}

impl<'a> Eval<'a> {
    /// Prepares to evaluate `hh`.
    pub fn new(
        rules: &'a Rules,
        snap: &'a Snapshot,
        hh: &'a Household,
        ws: &'a mut Workspace,
        trace: bool,
    ) -> Self {
        let n_defs = rules.defs.len();
        let n_members = hh.members.as_ref().map_or(0, Vec::len);
        let n_supporters = hh.supporters.as_ref().map_or(0, Vec::len);
        let n_vehicles = hh.vehicles.as_ref().map_or(0, Vec::len);
        let rows = 1usize
            .saturating_add(n_members)
            .saturating_add(n_supporters)
            .saturating_add(n_vehicles);
        ws.slots.clear();
        ws.slots.resize(n_defs.saturating_mul(rows), Slot::Empty);
        ws.blame.clear();
        ws.blame_arena.clear();
        ws.reads.clear();
        ws.reads_arena.clear();
        ws.programs.clear();
        ws.programs.resize(
            rules
                .programs
                .len()
                .saturating_mul(n_members.saturating_add(1)),
            Slot::Empty,
        );
        ws.unsourced.clear();
        ws.unsourced_arena.clear();
        crate::compile::local::bind(&rules.facts, hh, &mut ws.local);
        Eval {
            rules,
            #[cfg(not(target_arch = "wasm32"))]
            code: rules.code(),
            snap,
            hh,
            ws,
            trace,
            member: 0,
            supporter: 0,
            vehicle: 0,
            at: "",
            n_defs,
            n_members,
            n_supporters,
            last_age: None,
            doubt: false,
        }
    }

    fn person(&self, coll: Coll) -> Option<(&'a Person, u16)> {
        let (list, i) = match coll {
            Coll::Supporters => (self.hh.supporters.as_ref(), self.supporter),
            _ => (self.hh.members.as_ref(), self.member),
        };
        list.and_then(|l| l.get(i))
            .map(|p| (p, u16::try_from(i).unwrap_or(u16::MAX)))
    }

    /// A fact a pack adds, of the household or of the current member.
    fn local(&mut self, f: u16, member: bool) -> Value {
        let n = self.rules.facts.len();
        let (row, key, index) = if member {
            let Some((_, i)) = self.person(Coll::Members) else {
                return Value::Unknown;
            };
            let key = FactKey::MemberLocal(u8::try_from(f).unwrap_or(u8::MAX));
            (usize::from(i).saturating_add(1), key, i)
        } else {
            (0, FactKey::Local(u8::try_from(f).unwrap_or(u8::MAX)), 0)
        };
        let at = row.saturating_mul(n).saturating_add(usize::from(f));
        let v = self.ws.local.get(at).copied().unwrap_or(Value::Unknown);
        self.fact(key, index, v)
    }

    fn fact(&mut self, key: FactKey, index: u16, v: Value) -> Value {
        let r = FactRef { key, index };
        if !v.is_known() {
            self.ws.blame.push(Blame::Fact(r));
        }
        if self.trace {
            self.ws.reads.push(Read::Fact(r, v));
        }
        v
    }

    /// Like [`Eval::fact`], with the trace showing `shown` (the fact as given) for `v`.
    pub(crate) fn fact_as(&mut self, key: FactKey, index: u16, v: Value, shown: Value) -> Value {
        let r = FactRef { key, index };
        if !v.is_known() {
            self.ws.blame.push(Blame::Fact(r));
        }
        if self.trace {
            self.ws.reads.push(Read::Fact(r, shown));
        }
        v
    }

    fn mark(&self) -> usize {
        self.ws.blame.len()
    }

    fn settle(&mut self, mark: usize) {
        self.ws.blame.truncate(mark);
    }

    /// The current vehicle's kind.
    fn vehicle_kind(&self) -> Value {
        let k = self
            .hh
            .vehicles
            .as_ref()
            .and_then(|v| v.get(self.vehicle))
            .copied();
        k.map_or(Value::Unknown, Value::Str)
    }

    /// A number times parameter `p`, by the exact fraction the parameter was written as when
    /// there is one ([`Node::MulFrac`]).
    fn mul_frac(&mut self, a: Value, p: u16) -> Result<Value, Fault> {
        let v = self.param(p);
        Ok(match (a, v, self.fraction(p)) {
            (Value::Num(x), Value::Num(_), Some((n, d))) => {
                let top = self.arith(ArithOp::Mul, x, n)?;
                Value::Num(self.arith(ArithOp::Div, top, d)?)
            }
            (Value::Num(x), Value::Num(y), None) => Value::Num(self.arith(ArithOp::Mul, x, y)?),
            _ => bound::arith(ArithOp::Mul, a, v)?,
        })
    }

    /// The exact fraction of the value of parameter `p` in force (not one a caller set).
    fn fraction(&self, p: u16) -> Option<(Decimal, Decimal)> {
        let (_, h) = self.snap.values.get(usize::from(p))?;
        let h = (*h).filter(|h| *h != OVERRIDE)?;
        self.rules.params.get(usize::from(p))?.history.get(h)?.frac
    }

    fn param(&mut self, p: u16) -> Value {
        let (v, hist) = self
            .snap
            .values
            .get(usize::from(p))
            .copied()
            .unwrap_or((Value::Unknown, None));
        if self.trace {
            self.ws.reads.push(Read::Param(p));
        }
        if self.doubt && self.unsourced_value(p) {
            self.ws.blame.push(Blame::Unsourced(p));
            return Value::Unknown;
        }
        if self
            .snap
            .stale
            .get(usize::from(p))
            .copied()
            .unwrap_or(false)
        {
            self.ws.blame.push(Blame::Stale(p));
            self.ws.unsourced.push(p);
        }
        match hist {
            None => {
                let blame = if self.hh.region.is_none() {
                    Blame::Fact(FactRef {
                        key: FactKey::REGION,
                        index: 0,
                    })
                } else {
                    Blame::NoRule(p)
                };
                self.ws.blame.push(blame);
            }
            Some(h) => {
                let unsourced = self
                    .rules
                    .params
                    .get(usize::from(p))
                    .and_then(|x| x.history.get(h))
                    .is_some_and(|x| matches!(x.cite, Cite::Unsourced(_)));
                if unsourced {
                    self.ws.unsourced.push(p);
                }
            }
        }
        v
    }

    /// Whether parameter `p`'s value in force is unsourced and a failure on it is to be doubted
    /// (the parameter's `if_unsourced`).
    pub(crate) fn unsourced_value(&self, p: u16) -> bool {
        let Some(param) = self.rules.params.get(usize::from(p)) else {
            return false;
        };
        param.doubt
            && self
                .snap
                .values
                .get(usize::from(p))
                .and_then(|(_, h)| *h)
                .and_then(|h| param.history.get(h))
                .is_some_and(|v| matches!(v.cite, Cite::Unsourced(_)))
    }

    fn arith(&self, op: ArithOp, x: Decimal, y: Decimal) -> Result<Decimal, Fault> {
        checked(op, x, y)
    }

    fn kleene<E: Expr>(&mut self, a: &E, b: &E, or: bool) -> Result<Value, Fault> {
        let mark = self.mark();
        let va = a.run(self)?;
        if va.is_bool(or) {
            self.settle(mark);
            return Ok(va);
        }
        let vb = b.run(self)?;
        if vb.is_bool(or) {
            self.settle(mark);
            return Ok(vb);
        }
        Ok(match (va, vb) {
            (Value::Bool(_), Value::Bool(_)) => Value::Bool(!or),
            _ => Value::Unknown,
        })
    }

    #[inline(never)]
    fn conditional<E: Expr>(&mut self, arms: &[(E, E)], other: &E) -> Result<Value, Fault> {
        let mark = self.mark();
        let mut uncertain = false;
        let mut candidate: Option<Value> = None;
        let mut same = true;
        for (c, v) in arms {
            match c.run(self)? {
                Value::Bool(false) => continue,
                Value::Bool(true) if !uncertain => return v.run(self),
                Value::Bool(true) => {
                    let x = v.run(self)?;
                    same &= x.is_exact() && candidate.is_none_or(|c| c == x);
                    candidate = Some(x);
                    return Ok(self.undecided(mark, same, candidate));
                }
                _ => {
                    uncertain = true;
                    let x = v.run(self)?;
                    same &= x.is_exact() && candidate.is_none_or(|c| c == x);
                    candidate = Some(x);
                }
            }
        }
        if !uncertain {
            return other.run(self);
        }
        let x = other.run(self)?;
        same &= x.is_exact() && candidate.is_none_or(|c| c == x);
        Ok(self.undecided(mark, same, Some(x)))
    }

    /// After an `if` whose condition was unknown: if every reachable branch agrees, the value is
    /// decided after all.
    fn undecided(&mut self, mark: usize, same: bool, candidate: Option<Value>) -> Value {
        match candidate {
            Some(v) if same => {
                self.settle(mark);
                v
            }
            _ => Value::Unknown,
        }
    }

    /// The values of a call's arguments, left to right.
    fn args<E: Expr>(&mut self, args: &[E]) -> Result<Args, Fault> {
        if args.len() > ARGS_ON_STACK {
            let mut vals = Vec::with_capacity(args.len());
            for a in args {
                vals.push(a.run(self)?);
            }
            return Ok(Args::Heap(vals));
        }
        let mut vals = [Value::Unknown; ARGS_ON_STACK];
        for (slot, a) in vals.iter_mut().zip(args) {
            *slot = a.run(self)?;
        }
        Ok(Args::Stack(vals, args.len()))
    }

    /// `assume(test, default)`: the default when the test is unknown, without the test's blame.
    fn presume<E: Expr>(&mut self, test: Option<&E>, default: Option<&E>) -> Result<Value, Fault> {
        let mark = self.mark();
        let v = match test {
            Some(a) => a.run(self)?,
            None => Value::Unknown,
        };
        if v.is_known() {
            return Ok(v);
        }
        self.settle(mark);
        match default {
            Some(d) => d.run(self),
            None => Ok(Value::Unknown),
        }
    }

    #[inline(never)]
    fn aggregate<E: Expr>(
        &mut self,
        kind: AggKind,
        coll: Coll,
        filter: Option<&E>,
        value: Option<&E>,
    ) -> Result<Value, Fault> {
        let len = match coll {
            Coll::Members => self.hh.members.as_ref().map(Vec::len),
            Coll::Supporters => self.hh.supporters.as_ref().map(Vec::len),
            Coll::Vehicles => self.hh.vehicles.as_ref().map(Vec::len),
        };
        let Some(len) = len else {
            let key = match coll {
                Coll::Members => FactKey::MEMBERS,
                Coll::Supporters => FactKey::SUPPORTERS,
                Coll::Vehicles => FactKey::VEHICLES,
            };
            return Ok(self.fact(key, 0, Value::Unknown));
        };
        if coll == Coll::Vehicles && self.trace {
            let kinds: SymSet = self.hh.vehicles.iter().flatten().copied().collect();
            self.ws.reads.push(Read::Fact(
                FactRef {
                    key: FactKey::VEHICLES,
                    index: 0,
                },
                Value::Set(kinds),
            ));
        }
        let saved = (self.member, self.supporter, self.vehicle);
        let mark = self.mark();
        let mut count = Decimal::ZERO;
        // Terms that are bounds (a stale figure per member), added apart from the exact ones.
        let mut bounded = Value::Num(Decimal::ZERO);
        let mut n = 0u64;
        let mut unknown = false;
        let mut decided: Option<bool> = None;
        for i in 0..len {
            match coll {
                Coll::Members => self.member = i,
                Coll::Supporters => self.supporter = i,
                Coll::Vehicles => self.vehicle = i,
            }
            let pass = match filter {
                Some(f) => f.run(self)?,
                None => Value::Bool(true),
            };
            let test = match (kind, pass) {
                (_, Value::Bool(false)) => continue,
                (AggKind::Count, p) => p,
                (AggKind::Any, p) => match value {
                    Some(v) if p.is_bool(true) => v.run(self)?,
                    Some(v) => kleene_and(p, v.run(self)?),
                    None => p,
                },
                (AggKind::All, p) => {
                    let v = match value {
                        Some(v) => v.run(self)?,
                        None => Value::Bool(true),
                    };
                    // Members outside an unknown filter cannot make `all` false.
                    if p.is_bool(true) || v.is_bool(true) {
                        v
                    } else {
                        Value::Unknown
                    }
                }
                (AggKind::Sum, p) => {
                    let v = match value {
                        Some(v) => v.run(self)?,
                        None => Value::Unknown,
                    };
                    match (p, v) {
                        (Value::Bool(true), Value::Num(x)) => {
                            count = count.checked_add(x).ok_or(Fault::Overflow)?;
                        }
                        (Value::Bool(true), x @ (Value::AtLeast(_) | Value::AtMost(_))) => {
                            bounded = bound::arith(ArithOp::Add, bounded, x)?;
                        }
                        (_, Value::Num(x)) if x.is_zero() => {}
                        _ => unknown = true,
                    }
                    continue;
                }
            };
            match (kind, test) {
                (AggKind::Count, Value::Bool(true)) => n = n.saturating_add(1),
                (AggKind::Any, Value::Bool(true)) => decided = Some(true),
                (AggKind::All, Value::Bool(false)) => decided = Some(false),
                (_, Value::Bool(_)) => {}
                _ => unknown = true,
            }
            // With the trace, every member is read, so that the explanation does not depend on
            // the order in which members are listed.
            if decided.is_some() && !self.trace {
                break;
            }
        }
        (self.member, self.supporter, self.vehicle) = saved;
        Ok(match (kind, decided) {
            (_, Some(b)) => {
                self.settle(mark);
                Value::Bool(b)
            }
            _ if unknown => Value::Unknown,
            (AggKind::Count, _) => Value::Num(Decimal::from(n)),
            (AggKind::Sum, _) if bounded == Value::Num(Decimal::ZERO) => Value::Num(count),
            (AggKind::Sum, _) => bound::arith(ArithOp::Add, Value::Num(count), bounded)?,
            (AggKind::Any, _) => Value::Bool(false),
            (AggKind::All, _) => Value::Bool(true),
        })
    }

    fn slot_index(&self, d: u16) -> Option<(usize, u16)> {
        let def = self.rules.defs.get(usize::from(d))?;
        let (row, person) = match def.scope {
            Scope::Household => (0, 0),
            Scope::Member => (self.member.saturating_add(1), self.member),
            Scope::Supporter => (
                self.n_members
                    .saturating_add(1)
                    .saturating_add(self.supporter),
                self.supporter,
            ),
            Scope::Vehicle => (
                self.n_members
                    .saturating_add(1)
                    .saturating_add(self.n_supporters)
                    .saturating_add(self.vehicle),
                self.vehicle,
            ),
        };
        Some((
            row.saturating_mul(self.n_defs)
                .saturating_add(usize::from(d)),
            u16::try_from(person).unwrap_or(u16::MAX),
        ))
    }

    fn def(&mut self, d: u16) -> Result<Value, Fault> {
        if self.doubt {
            return match self.def_expr(d) {
                Some(def) => def.run(self),
                None => Ok(Value::Unknown),
            };
        }
        let Some((slot, person)) = self.slot_index(d) else {
            return Ok(Value::Unknown);
        };
        if let Some(Slot::Done {
            value,
            blame,
            reads,
            unsourced,
        }) = self.ws.slots.get(slot).copied()
        {
            self.replay(blame, reads);
            self.replay_unsourced(unsourced);
            if self.trace {
                self.ws.reads.push(Read::Def(d, person, value));
            }
            return Ok(value);
        }
        let Some(def) = self.def_expr(d) else {
            return Ok(Value::Unknown);
        };
        let (bm, rm, um) = (
            self.ws.blame.len(),
            self.ws.reads.len(),
            self.ws.unsourced.len(),
        );
        let value = def.run(self)?;
        let blame = self.stash_blame(bm);
        // Nothing is read into the list without the trace.
        let reads = if self.trace {
            self.stash_reads(rm)
        } else {
            (0, 0)
        };
        let unsourced = self.stash_unsourced(um);
        if let Some(s) = self.ws.slots.get_mut(slot) {
            *s = Slot::Done {
                value,
                blame,
                reads,
                unsourced,
            };
        }
        if self.trace {
            self.ws.reads.push(Read::Def(d, person, value));
        }
        Ok(value)
    }

    /// Copies blame pushed since `mark` into the arena and returns its range (it stays live too).
    pub(crate) fn stash_blame(&mut self, mark: usize) -> (u32, u32) {
        let start = u32::try_from(self.ws.blame_arena.len()).unwrap_or(u32::MAX);
        let Eval { ws, .. } = self;
        if let Some(new) = ws.blame.get(mark..) {
            ws.blame_arena.extend_from_slice(new);
        }
        (
            start,
            u32::try_from(ws.blame_arena.len()).unwrap_or(u32::MAX),
        )
    }

    /// Moves the reads since `mark` into the arena, each once, and replays them from there.
    fn stash_reads(&mut self, mark: usize) -> (u32, u32) {
        let Eval { ws, .. } = self;
        let start = ws.reads_arena.len();
        ws.seen.next();
        if let Some(new) = ws.reads.get(mark..) {
            for r in new {
                if ws.seen.first_read(r) {
                    ws.reads_arena.push(*r);
                }
            }
        }
        ws.reads.truncate(mark);
        if let Some(kept) = ws.reads_arena.get(start..) {
            ws.reads.extend_from_slice(kept);
        }
        (
            u32::try_from(start).unwrap_or(u32::MAX),
            u32::try_from(ws.reads_arena.len()).unwrap_or(u32::MAX),
        )
    }

    fn stash_unsourced(&mut self, mark: usize) -> (u32, u32) {
        let Eval { ws, .. } = self;
        let start = u32::try_from(ws.unsourced_arena.len()).unwrap_or(u32::MAX);
        if let Some(new) = ws.unsourced.get(mark..) {
            ws.unsourced_arena.extend_from_slice(new);
        }
        (
            start,
            u32::try_from(ws.unsourced_arena.len()).unwrap_or(u32::MAX),
        )
    }

    fn replay_unsourced(&mut self, range: (u32, u32)) {
        let Eval { ws, .. } = self;
        for i in range.0 as usize..range.1 as usize {
            if let Some(p) = ws.unsourced_arena.get(i).copied() {
                ws.unsourced.push(p);
            }
        }
    }

    fn replay(&mut self, blame: (u32, u32), reads: (u32, u32)) {
        let Eval { ws, .. } = self;
        if blame.0 < blame.1 {
            let range = blame.0 as usize..blame.1 as usize;
            for i in range {
                if let Some(b) = ws.blame_arena.get(i).copied() {
                    ws.blame.push(b);
                }
            }
        }
        if reads.0 < reads.1 {
            for i in reads.0 as usize..reads.1 as usize {
                if let Some(r) = ws.reads_arena.get(i).copied() {
                    ws.reads.push(r);
                }
            }
        }
    }

    #[inline(never)]
    fn eligible(&mut self, p: u16) -> Value {
        let per_member = self
            .rules
            .programs
            .get(usize::from(p))
            .is_some_and(|x| x.per == crate::pack::model::Per::Member);
        let row = if per_member {
            self.member.saturating_add(1)
        } else {
            0
        };
        let slot = row
            .saturating_mul(self.rules.programs.len())
            .saturating_add(usize::from(p));
        match self.ws.programs.get(slot).copied() {
            Some(Slot::Done { value, blame, .. }) => {
                self.replay(blame, (0, 0));
                value
            }
            _ => Value::Unknown,
        }
    }

    /// Records a program's outcome for `eligible(...)` references.
    pub(crate) fn store_program(
        &mut self,
        p: usize,
        member: Option<usize>,
        value: Value,
        blame: (u32, u32),
    ) {
        let row = member.map_or(0, |m| m.saturating_add(1));
        let slot = row
            .saturating_mul(self.rules.programs.len())
            .saturating_add(p);
        if let Some(s) = self.ws.programs.get_mut(slot) {
            *s = Slot::Done {
                value,
                blame,
                reads: (0, 0),
                unsourced: (0, 0),
            };
        }
    }

    /// Evaluates the household-scope definition `name` (for tools and tests).
    pub fn definition(&mut self, name: &str) -> Result<Option<Value>, EvalError> {
        let found = self
            .rules
            .defs
            .iter()
            .position(|d| d.id == name && d.scope == Scope::Household)
            .and_then(|i| u16::try_from(i).ok());
        match found {
            Some(i) => self.def(i).map(Some).map_err(|f| self.error(f)),
            None => Ok(None),
        }
    }

    /// The error for a fault met while evaluating the current rule item.
    pub(crate) fn error(&self, f: Fault) -> EvalError {
        EvalError {
            code: f.code(),
            at: self.at.to_string(),
        }
    }

    /// Number of members.
    pub fn n_members(&self) -> usize {
        self.n_members
    }

    /// Current blame list.
    pub(crate) fn blame(&self) -> &[Blame] {
        &self.ws.blame
    }

    /// Starts a program: nothing read before it is blamed for its outcome or noted in it.
    fn start_program(&mut self) {
        self.ws.blame.clear();
        self.ws.unsourced.clear();
    }

    /// Where blame, reads and notes stand, to come back to with [`Eval::rewind`].
    fn marks(&self) -> Marks {
        Marks {
            blame: self.ws.blame.len(),
            reads: self.ws.reads.len(),
            unsourced: self.ws.unsourced.len(),
        }
    }

    /// Forgets what was blamed, read and noted since `m` (an evaluation that is no part of an
    /// outcome: a range's low end, a criterion evaluated again in doubt).
    fn rewind(&mut self, m: Marks) {
        self.ws.blame.truncate(m.blame);
        self.ws.reads.truncate(m.reads);
        self.ws.unsourced.truncate(m.unsourced);
    }

    /// Blames the current value on `blame` too.
    fn blame_all(&mut self, blame: &[Blame]) {
        self.ws.blame.extend_from_slice(blame);
    }

    /// Whether a parameter read since `mark` (of the notes) has an unsourced value in force.
    fn read_unsourced_since(&self, mark: usize) -> bool {
        self.ws
            .unsourced
            .get(mark..)
            .is_some_and(|read| read.iter().any(|&p| self.unsourced_value(p)))
    }
}

/// Positions in the evaluator's lists of blame, reads and notes.
#[derive(Clone, Copy, Debug)]
struct Marks {
    blame: usize,
    reads: usize,
    unsourced: usize,
}

/// `not`, three-valued.
fn not(v: Value) -> Value {
    match v {
        Value::Bool(b) => Value::Bool(!b),
        _ => Value::Unknown,
    }
}

/// Unary minus: a number's sign flipped; a bound's by the rules for bounds.
fn negate(v: Value) -> Value {
    match v {
        // Negating a decimal only flips its sign: it cannot overflow.
        #[allow(clippy::arithmetic_side_effects)]
        Value::Num(x) => Value::Num(-x),
        v => bound::neg(v),
    }
}

/// Two numbers, exactly; anything else by the rules for bounds and unknowns.
#[inline]
fn arith(op: ArithOp, a: Value, b: Value) -> Result<Value, Fault> {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => checked(op, x, y).map(Value::Num),
        _ => bound::arith(op, a, b),
    }
}

/// A comparison of two values of one type; of bounds, what they settle.
#[inline]
fn compare_values(op: CmpOp, a: Value, b: Value) -> Value {
    match compare(op, a, b) {
        Value::Unknown => bound::compare(op, a, b),
        v => v,
    }
}

/// Set membership (`true` when negated and not in the set).
fn member(item: Value, set: Value, negated: bool) -> Value {
    match (item, set) {
        (Value::Str(i), Value::Set(s)) => Value::Bool(s.contains(i) != negated),
        _ => Value::Unknown,
    }
}

/// Explicit rounding: a number's, or a bound's by the rules for bounds.
fn round(v: Value, places: u32, mode: rust_decimal::RoundingStrategy) -> Value {
    match v {
        Value::Num(x) => Value::Num(x.round_dp_with_strategy(places, mode)),
        v => bound::round(v, places, mode),
    }
}

/// A checked decimal operation: overflow and division by zero are faults.
pub(crate) fn checked(op: ArithOp, x: Decimal, y: Decimal) -> Result<Decimal, Fault> {
    let r = match op {
        ArithOp::Add => x.checked_add(y),
        ArithOp::Sub => x.checked_sub(y),
        ArithOp::Mul => x.checked_mul(y),
        ArithOp::Div => {
            if y.is_zero() {
                return Err(Fault::DivisionByZero);
            }
            x.checked_div(y)
        }
    };
    r.ok_or(Fault::Overflow)
}

fn kleene_and(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Bool(false), _) | (_, Value::Bool(false)) => Value::Bool(false),
        (Value::Bool(true), Value::Bool(true)) => Value::Bool(true),
        _ => Value::Unknown,
    }
}

fn compare(op: CmpOp, a: Value, b: Value) -> Value {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (a, b) {
        (Value::Num(x), Value::Num(y)) => Some(x.cmp(&y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(&y)),
        (Value::Str(x), Value::Str(y)) => Some(if x == y {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
        (Value::Bool(x), Value::Bool(y)) => Some(if x == y {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
        _ => None,
    };
    let Some(o) = ord else { return Value::Unknown };
    Value::Bool(match op {
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::Le => o != Ordering::Greater,
        CmpOp::Gt => o == Ordering::Greater,
        CmpOp::Ge => o != Ordering::Less,
        CmpOp::Eq => o == Ordering::Equal,
        CmpOp::Ne => o != Ordering::Equal,
    })
}
