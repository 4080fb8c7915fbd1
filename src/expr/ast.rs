//! Syntax tree of the expression language, as parsed and before names are resolved.

use rust_decimal::Decimal;

/// Byte range inside the expression text.
pub type Span = (usize, usize);

/// An expression with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is in the expression text.
    pub span: Span,
}

/// Arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

/// Aggregates over a collection of household members, supporters or vehicles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AggKind {
    /// `count(members where P)`
    Count,
    /// `sum(members where P, E)`
    Sum,
    /// `any(members where P)`
    Any,
    /// `all(members where F, P)`
    All,
}

/// Expression forms.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A decimal literal such as `0.2`.
    Num(Decimal),
    /// A string literal such as `"urban"`.
    Str(String),
    /// `true` or `false`.
    Bool(bool),
    /// A name: a fact, parameter, definition or `date`.
    Name(String),
    /// `[a, b, c]`
    List(Vec<Expr>),
    /// `-x`
    Neg(Box<Expr>),
    /// `not x`
    Not(Box<Expr>),
    /// `a and b`
    And(Box<Expr>, Box<Expr>),
    /// `a or b`
    Or(Box<Expr>, Box<Expr>),
    /// `a + b` and the like.
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// `a < b` and the like.
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    /// `a in b`; `negated` for `a not in b`.
    In {
        /// The element.
        item: Box<Expr>,
        /// The set.
        set: Box<Expr>,
        /// `not in`.
        negated: bool,
    },
    /// `if c then a elif d then b else e`
    If(Vec<(Expr, Expr)>, Box<Expr>),
    /// `f(a, b)`
    Call(String, Vec<Expr>),
    /// `count(members where P)`, `sum(members where P, E)`, ...
    Agg {
        /// Which aggregate.
        kind: AggKind,
        /// `members`, `supporters` or `vehicles`.
        collection: String,
        /// The `where` filter.
        filter: Option<Box<Expr>>,
        /// The summed value or the predicate of `all`.
        value: Option<Box<Expr>>,
    },
}
