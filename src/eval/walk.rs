//! Rules walked, in WebAssembly: the compiled nodes are evaluated as they are, by one `match`.
//! Natively the nodes become closures (`code.rs`), which spares the frame of that `match` at
//! every node; in WebAssembly the walk is as fast (W2 as the page pays it, node, interleaved
//! runs: 345 against 375 µs and 406 against 429 µs without the trace, the closures slower) and
//! 1.8 KB brotli smaller. What each kind of node means is written once, in the evaluator's
//! helpers, for both; the corpus test holds the two builds to byte-identical results.

use super::{arith, compare_values, member, negate, not, person_args, round, Eval, Expr, Fault};
use crate::builtins::Imp;
use crate::compile::node::Node;
use crate::compile::Program;
use crate::value::Value;

impl Expr for Node {
    #[inline]
    fn run(&self, ev: &mut Eval<'_>) -> Result<Value, Fault> {
        ev.eval(self)
    }
}

/// A program's compiled nodes.
#[derive(Clone, Copy)]
pub(crate) struct ProgramNodes<'a>(&'a Program);

impl<'a> ProgramNodes<'a> {
    /// The criteria's nodes, in order.
    pub(crate) fn criteria(self) -> impl Iterator<Item = &'a Node> {
        self.0.criteria.iter().map(|c| &c.node)
    }

    /// The amount's monthly formula.
    pub(crate) fn monthly(self) -> Option<&'a Node> {
        self.0.amount.as_ref()?.monthly.as_ref()
    }

    /// The amount's annual formula.
    pub(crate) fn annual(self) -> Option<&'a Node> {
        self.0.amount.as_ref()?.annual.as_ref()
    }

    /// The low end of the amount's range.
    pub(crate) fn floor(self) -> Option<&'a Node> {
        self.0.amount.as_ref()?.floor.as_ref()
    }

    /// The nodes of the dates the result states, in order.
    pub(crate) fn dates(self) -> impl Iterator<Item = &'a Node> {
        self.0.dates.iter().map(|d| &d.node)
    }
}

impl<'a> Eval<'a> {
    /// Definition `d`'s node.
    pub(super) fn def_expr(&self, d: u16) -> Option<&'a Node> {
        let rules: &'a crate::compile::Rules = self.rules;
        rules.defs.get(usize::from(d)).map(|def| &def.node)
    }

    /// Program `p`'s nodes.
    pub(super) fn program_exprs(&self, p: usize) -> Option<ProgramNodes<'a>> {
        let rules: &'a crate::compile::Rules = self.rules;
        rules.programs.get(p).map(ProgramNodes)
    }

    /// Evaluates a node in the current scope.
    pub fn eval(&mut self, n: &Node) -> Result<Value, Fault> {
        Ok(match n {
            Node::Const(v) => *v,
            Node::Date => Value::Date(self.snap.date),
            Node::Param(p) => self.param(*p),
            Node::Hh(f) => self.hh_fact(*f),
            Node::Person(f, coll) => self.person_fact(*f, *coll)?,
            Node::VehicleKind => self.vehicle_kind(),
            Node::Def(d) => self.def(*d)?,
            Node::Not(x) => not(self.eval(x)?),
            Node::And(a, b) => self.kleene(&**a, &**b, false)?,
            Node::Or(a, b) => self.kleene(&**a, &**b, true)?,
            Node::Neg(x) => negate(self.eval(x)?),
            Node::Arith(op, a, b) => {
                let (a, b) = (self.operand(a)?, self.operand(b)?);
                arith(*op, a, b)?
            }
            Node::Cmp(op, a, b) => {
                let (a, b) = (self.operand(a)?, self.operand(b)?);
                compare_values(*op, a, b)
            }
            Node::In(item, set, negated) => {
                let (i, s) = (self.eval(item)?, self.eval(set)?);
                member(i, s, *negated)
            }
            Node::If(arms, other) => self.conditional(arms, &**other)?,
            Node::Round(x, places, mode) => round(self.eval(x)?, *places, *mode),
            Node::Call(b, args) => self.call(*b, args)?,
            Node::Agg(kind, coll, filter, value) => {
                self.aggregate(*kind, *coll, filter.as_deref(), value.as_deref())?
            }
            Node::Eligible(p) => self.eligible(*p),
            Node::Local(f) => self.local(*f, false),
            Node::MemberLocal(f) => self.local(*f, true),
            Node::MulFrac(x, p) => {
                let a = self.operand(x)?;
                self.mul_frac(a, *p)?
            }
        })
    }

    /// An operand: constants, the commonest, without a call.
    #[inline(always)]
    fn operand(&mut self, n: &Node) -> Result<Value, Fault> {
        match n {
            Node::Const(v) => Ok(*v),
            _ => self.eval(n),
        }
    }

    /// A built-in function, as its entry in [`crate::builtins::BUILTINS`] says.
    #[inline(never)]
    fn call(&mut self, b: crate::builtins::Builtin, args: &[Node]) -> Result<Value, Fault> {
        let Some(def) = crate::builtins::get(b) else {
            return Ok(Value::Unknown);
        };
        match def.imp {
            Imp::Values(f) => {
                let vals = self.args(args)?;
                f(vals.as_slice(), &self.rules.calendar)
            }
            Imp::Person { reads, f } => {
                let (coll, rest) = person_args(args);
                self.person_call(reads, f, coll, rest)
            }
            Imp::Presume => self.presume(args.first(), args.get(1)),
        }
    }
}
