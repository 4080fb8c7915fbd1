//! Rules as closures, natively: every compiled expression becomes one closure over the
//! evaluator, built once per set of rules and kept beside them. A node's closure does only its
//! own work and calls its operands' closures directly, instead of passing through one large
//! `match` whose frame every node paid for: W1 by callgrind 203.0 → 173.2 million instructions
//! per 20,000 households, `huimin batch` deciding 94 → 75 thousand a household. In WebAssembly
//! the walk is as fast and the closures cost 1.8 KB brotli, so there the nodes are walked
//! (`walk.rs`). What each kind of node means is written once, in the evaluator's helpers; the
//! closures only choose which helper runs and with which operands.

use super::{arith, compare_values, member, negate, not, round, Eval, Fault};
use crate::builtins::Imp;
use crate::compile::node::Node;
use crate::compile::{Program, Rules};
use crate::value::Value;

/// One compiled expression.
pub(crate) type Op = Box<dyn for<'e> Fn(&mut Eval<'e>) -> Result<Value, Fault> + Send + Sync>;

/// The closures of one set of rules: each definition's, and each program's criteria, amount
/// and dates, at the positions [`Rules`] lists them at.
pub struct Code {
    defs: Vec<Op>,
    programs: Vec<ProgramCode>,
}

/// A set of rules' closures, built the first time they are asked for. A clone of the rules
/// shares them: they name definitions and programs by position only. It prints the same
/// built or not, so rules compare alike by their debug form either way.
#[derive(Clone, Default)]
pub struct Linked(std::sync::OnceLock<std::sync::Arc<Code>>);

impl Linked {
    /// The closures of `rules`, built on first use.
    pub fn get(&self, rules: &Rules) -> &Code {
        self.0.get_or_init(|| std::sync::Arc::new(Code::new(rules)))
    }
}

impl std::fmt::Debug for Linked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Linked")
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Code({} definitions, {} programs)",
            self.defs.len(),
            self.programs.len()
        )
    }
}

/// One program's closures.
pub(crate) struct ProgramCode {
    /// The criteria, in order.
    criteria: Vec<Op>,
    /// The amount's monthly formula.
    monthly: Option<Op>,
    /// The amount's annual formula.
    annual: Option<Op>,
    /// The low end of the amount's range.
    floor: Option<Op>,
    /// The dates the result states.
    dates: Vec<Op>,
}

impl ProgramCode {
    /// The criteria's closures, in order.
    pub(crate) fn criteria(&self) -> impl Iterator<Item = &Op> {
        self.criteria.iter()
    }

    /// The amount's monthly formula.
    pub(crate) fn monthly(&self) -> Option<&Op> {
        self.monthly.as_ref()
    }

    /// The amount's annual formula.
    pub(crate) fn annual(&self) -> Option<&Op> {
        self.annual.as_ref()
    }

    /// The low end of the amount's range.
    pub(crate) fn floor(&self) -> Option<&Op> {
        self.floor.as_ref()
    }

    /// The closures of the dates the result states, in order.
    pub(crate) fn dates(&self) -> impl Iterator<Item = &Op> {
        self.dates.iter()
    }
}

impl super::Expr for Op {
    #[inline]
    fn run(&self, ev: &mut Eval<'_>) -> Result<Value, Fault> {
        self(ev)
    }
}

impl<'a> Eval<'a> {
    /// Definition `d`'s closure.
    pub(super) fn def_expr(&self, d: u16) -> Option<&'a Op> {
        let code: &'a Code = self.code;
        code.defs.get(usize::from(d))
    }

    /// Program `p`'s closures.
    pub(super) fn program_exprs(&self, p: usize) -> Option<&'a ProgramCode> {
        let code: &'a Code = self.code;
        code.programs.get(p)
    }
}

impl Code {
    /// The closures of `rules`.
    pub fn new(rules: &Rules) -> Code {
        Code {
            defs: rules.defs.iter().map(|d| op(&d.node)).collect(),
            programs: rules.programs.iter().map(program).collect(),
        }
    }
}

fn program(p: &Program) -> ProgramCode {
    let amount = p.amount.as_ref();
    let opt = |n: Option<&Node>| n.map(op);
    ProgramCode {
        criteria: p.criteria.iter().map(|c| op(&c.node)).collect(),
        monthly: opt(amount.and_then(|a| a.monthly.as_ref())),
        annual: opt(amount.and_then(|a| a.annual.as_ref())),
        floor: opt(amount.and_then(|a| a.floor.as_ref())),
        dates: p.dates.iter().map(|d| op(&d.node)).collect(),
    }
}

/// An operation that always fails to find what it needs: unknown.
fn unknown() -> Op {
    Box::new(|_| Ok(Value::Unknown))
}

fn ops(nodes: &[Node]) -> Box<[Op]> {
    nodes.iter().map(op).collect()
}

/// The closure of `n`.
pub(crate) fn op(n: &Node) -> Op {
    match n {
        Node::Const(v) => {
            let v = *v;
            Box::new(move |_| Ok(v))
        }
        Node::Date => Box::new(|ev| Ok(Value::Date(ev.snap.date))),
        &Node::Param(p) => Box::new(move |ev| Ok(ev.param(p))),
        &Node::Hh(f) => Box::new(move |ev| Ok(ev.hh_fact(f))),
        &Node::Person(f, coll) => Box::new(move |ev| ev.person_fact(f, coll)),
        Node::VehicleKind => Box::new(|ev| Ok(ev.vehicle_kind())),
        &Node::Def(d) => Box::new(move |ev| ev.def(d)),
        Node::Not(x) => {
            let x = op(x);
            Box::new(move |ev| Ok(not(x(ev)?)))
        }
        Node::And(a, b) => {
            let (a, b) = (op(a), op(b));
            Box::new(move |ev| ev.kleene(&a, &b, false))
        }
        Node::Or(a, b) => {
            let (a, b) = (op(a), op(b));
            Box::new(move |ev| ev.kleene(&a, &b, true))
        }
        Node::Neg(x) => {
            let x = op(x);
            Box::new(move |ev| Ok(negate(x(ev)?)))
        }
        &Node::Arith(o, ref a, ref b) => {
            let a = op(a);
            if let Node::Const(c) = **b {
                return Box::new(move |ev| arith(o, a(ev)?, c));
            }
            let b = op(b);
            Box::new(move |ev| {
                let x = a(ev)?;
                arith(o, x, b(ev)?)
            })
        }
        &Node::Cmp(o, ref a, ref b) => {
            let a = op(a);
            if let Node::Const(c) = **b {
                return Box::new(move |ev| Ok(compare_values(o, a(ev)?, c)));
            }
            let b = op(b);
            Box::new(move |ev| {
                let x = a(ev)?;
                Ok(compare_values(o, x, b(ev)?))
            })
        }
        &Node::In(ref item, ref set, negated) => {
            let (item, set) = (op(item), op(set));
            Box::new(move |ev| {
                let i = item(ev)?;
                Ok(member(i, set(ev)?, negated))
            })
        }
        Node::If(arms, other) => {
            let arms: Box<[(Op, Op)]> = arms.iter().map(|(c, v)| (op(c), op(v))).collect();
            let other = op(other);
            Box::new(move |ev| ev.conditional(&arms, &other))
        }
        &Node::Round(ref x, places, mode) => {
            let x = op(x);
            Box::new(move |ev| Ok(round(x(ev)?, places, mode)))
        }
        &Node::Call(b, ref args) => call(b, args),
        &Node::Agg(kind, coll, ref filter, ref value) => {
            let filter = filter.as_deref().map(op);
            let value = value.as_deref().map(op);
            Box::new(move |ev| ev.aggregate(kind, coll, filter.as_ref(), value.as_ref()))
        }
        &Node::Eligible(p) => Box::new(move |ev| Ok(ev.eligible(p))),
        &Node::Local(f) => Box::new(move |ev| Ok(ev.local(f, false))),
        &Node::MemberLocal(f) => Box::new(move |ev| Ok(ev.local(f, true))),
        &Node::MulFrac(ref x, p) => {
            let x = op(x);
            Box::new(move |ev| {
                let a = x(ev)?;
                ev.mul_frac(a, p)
            })
        }
    }
}

/// A built-in call, as its entry in [`crate::builtins::BUILTINS`] says.
fn call(b: crate::builtins::Builtin, args: &[Node]) -> Op {
    let Some(def) = crate::builtins::get(b) else {
        return unknown();
    };
    match def.imp {
        Imp::Values(f) => {
            let args = ops(args);
            Box::new(move |ev| {
                let vals = ev.args(&args)?;
                f(vals.as_slice(), &ev.rules.calendar)
            })
        }
        Imp::Person { reads, f } => {
            let (coll, rest) = super::person_args(args);
            let rest = ops(rest);
            Box::new(move |ev| ev.person_call(reads, f, coll, &rest))
        }
        Imp::Presume => {
            let test = args.first().map(op);
            let default = args.get(1).map(op);
            Box::new(move |ev| ev.presume(test.as_ref(), default.as_ref()))
        }
    }
}
