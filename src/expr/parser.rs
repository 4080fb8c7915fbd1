//! Recursive-descent parser for the expression language.
//!
//! ```text
//! expr   := or
//! or     := and ("or" and)*
//! and    := not ("and" not)*
//! not    := "not" not | cmp
//! cmp    := sum (("<"|"<="|">"|">="|"=="|"!=") sum | "not"? "in" sum)?
//! sum    := term (("+"|"-") term)*
//! term   := unary (("*"|"/") unary)*
//! unary  := "-" unary | atom
//! atom   := NUMBER | STRING | "true" | "false" | NAME | NAME "(" args ")" | "(" expr ")"
//!         | "[" (expr ("," expr)*)? "]" | "if" expr "then" expr ("elif" expr "then" expr)* "else" expr
//!         | AGG "(" NAME ("where" expr)? ("," expr)? ")"        AGG := count | sum | any | all
//! ```

use super::ast::{AggKind, ArithOp, CmpOp, Expr, ExprKind};
use super::lexer::{Tok, Token};
use super::ExprError;
use crate::limits::MAX_EXPR_DEPTH;

const KEYWORDS: &[&str] = &[
    "and", "or", "not", "if", "then", "elif", "else", "where", "in", "true", "false",
];

/// Parser state over a token list.
pub struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
}

impl Parser {
    /// Starts parsing the tokens.
    pub fn new(tokens: Vec<Token>) -> Self {
        Parser {
            tokens,
            pos: 0,
            depth: 0,
        }
    }

    fn peek(&self) -> &Tok {
        self.tokens.get(self.pos).map_or(&Tok::End, |t| &t.kind)
    }

    fn here(&self) -> (usize, usize) {
        self.tokens
            .get(self.pos)
            .map_or((0, 0), |t| (t.start, t.end))
    }

    fn prev_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|p| self.tokens.get(p))
            .map_or(0, |t| t.end)
    }

    fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Tok::Ident(s) if s == kw)
    }

    fn is_sym(&self, s: &str) -> bool {
        matches!(self.peek(), Tok::Sym(x) if *x == s)
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        let yes = self.is_kw(kw);
        if yes {
            self.bump();
        }
        yes
    }

    fn eat_sym(&mut self, s: &str) -> bool {
        let yes = self.is_sym(s);
        if yes {
            self.bump();
        }
        yes
    }

    fn describe(&self) -> String {
        match self.peek() {
            Tok::End => "the end of the expression".into(),
            Tok::Num(n) => format!("`{n}`"),
            Tok::Str(s) => format!("\"{s}\""),
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Sym(s) => format!("`{s}`"),
        }
    }

    fn expected(&self, what: &str) -> ExprError {
        let (s, e) = self.here();
        ExprError::syntax(s, e, format!("expected {what}, found {}", self.describe()))
    }

    fn expect_sym(&mut self, s: &str) -> Result<(), ExprError> {
        if self.eat_sym(s) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{s}`")))
        }
    }

    fn expect_kw(&mut self, kw: &str) -> Result<(), ExprError> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{kw}`")))
        }
    }

    /// Parses a whole expression and requires the end of input after it.
    pub fn parse_all(&mut self) -> Result<Expr, ExprError> {
        let e = self.expr()?;
        if *self.peek() != Tok::End {
            return Err(self.expected("an operator or the end of the expression"));
        }
        Ok(e)
    }

    fn node(&self, kind: ExprKind, start: usize) -> Expr {
        Expr {
            kind,
            span: (start, self.prev_end()),
        }
    }

    fn expr(&mut self) -> Result<Expr, ExprError> {
        self.depth = self.depth.saturating_add(1);
        if self.depth > MAX_EXPR_DEPTH {
            let (s, e) = self.here();
            return Err(ExprError {
                code: "limit",
                start: s,
                end: e,
                message: format!("expression nested deeper than {MAX_EXPR_DEPTH} levels"),
            });
        }
        let r = self.or();
        self.depth = self.depth.saturating_sub(1);
        r
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        let start = self.here().0;
        let mut left = self.and()?;
        while self.eat_kw("or") {
            let right = self.and()?;
            left = self.node(ExprKind::Or(Box::new(left), Box::new(right)), start);
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        let start = self.here().0;
        let mut left = self.not()?;
        while self.eat_kw("and") {
            let right = self.not()?;
            left = self.node(ExprKind::And(Box::new(left), Box::new(right)), start);
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Expr, ExprError> {
        let start = self.here().0;
        if self.eat_kw("not") {
            let inner = self.nested(Self::not)?;
            return Ok(self.node(ExprKind::Not(Box::new(inner)), start));
        }
        self.cmp()
    }

    fn nested(&mut self, f: fn(&mut Self) -> Result<Expr, ExprError>) -> Result<Expr, ExprError> {
        self.depth = self.depth.saturating_add(1);
        if self.depth > MAX_EXPR_DEPTH {
            let (s, e) = self.here();
            return Err(ExprError {
                code: "limit",
                start: s,
                end: e,
                message: format!("expression nested deeper than {MAX_EXPR_DEPTH} levels"),
            });
        }
        let r = f(self);
        self.depth = self.depth.saturating_sub(1);
        r
    }

    fn cmp(&mut self) -> Result<Expr, ExprError> {
        let start = self.here().0;
        let left = self.sum()?;
        let op = match self.peek() {
            Tok::Sym("<") => Some(CmpOp::Lt),
            Tok::Sym("<=") => Some(CmpOp::Le),
            Tok::Sym(">") => Some(CmpOp::Gt),
            Tok::Sym(">=") => Some(CmpOp::Ge),
            Tok::Sym("==") => Some(CmpOp::Eq),
            Tok::Sym("!=") => Some(CmpOp::Ne),
            _ => None,
        };
        if let Some(op) = op {
            self.bump();
            let right = self.sum()?;
            return Ok(self.node(ExprKind::Cmp(op, Box::new(left), Box::new(right)), start));
        }
        let negated = if self.is_kw("not") {
            let next_is_in = matches!(self.tokens.get(self.pos.saturating_add(1)).map(|t| &t.kind), Some(Tok::Ident(s)) if s == "in");
            if !next_is_in {
                return Ok(left);
            }
            self.bump();
            true
        } else {
            false
        };
        if self.eat_kw("in") {
            let set = self.sum()?;
            return Ok(self.node(
                ExprKind::In {
                    item: Box::new(left),
                    set: Box::new(set),
                    negated,
                },
                start,
            ));
        }
        Ok(left)
    }

    fn sum(&mut self) -> Result<Expr, ExprError> {
        let start = self.here().0;
        let mut left = self.term()?;
        loop {
            let op = if self.eat_sym("+") {
                ArithOp::Add
            } else if self.eat_sym("-") {
                ArithOp::Sub
            } else {
                return Ok(left);
            };
            let right = self.term()?;
            left = self.node(ExprKind::Arith(op, Box::new(left), Box::new(right)), start);
        }
    }

    fn term(&mut self) -> Result<Expr, ExprError> {
        let start = self.here().0;
        let mut left = self.unary()?;
        loop {
            let op = if self.eat_sym("*") {
                ArithOp::Mul
            } else if self.eat_sym("/") {
                ArithOp::Div
            } else {
                return Ok(left);
            };
            let right = self.unary()?;
            left = self.node(ExprKind::Arith(op, Box::new(left), Box::new(right)), start);
        }
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        let start = self.here().0;
        if self.eat_sym("-") {
            let inner = self.nested(Self::unary)?;
            return Ok(self.node(ExprKind::Neg(Box::new(inner)), start));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, ExprError> {
        let start = self.here().0;
        let tok = self.peek().clone();
        match tok {
            Tok::Num(n) => {
                self.bump();
                Ok(self.node(ExprKind::Num(n), start))
            }
            Tok::Str(s) => {
                self.bump();
                Ok(self.node(ExprKind::Str(s), start))
            }
            Tok::Sym("(") => {
                self.bump();
                let e = self.expr()?;
                self.expect_sym(")")?;
                Ok(e)
            }
            Tok::Sym("[") => {
                self.bump();
                let items = self.list("]")?;
                Ok(self.node(ExprKind::List(items), start))
            }
            Tok::Ident(name) => self.named(name, start),
            _ => Err(self.expected("a value")),
        }
    }

    fn list(&mut self, close: &str) -> Result<Vec<Expr>, ExprError> {
        let mut items = Vec::new();
        if self.eat_sym(close) {
            return Ok(items);
        }
        loop {
            items.push(self.expr()?);
            if self.eat_sym(close) {
                return Ok(items);
            }
            self.expect_sym(",")?;
        }
    }

    fn named(&mut self, name: String, start: usize) -> Result<Expr, ExprError> {
        match name.as_str() {
            "true" | "false" => {
                self.bump();
                return Ok(self.node(ExprKind::Bool(name == "true"), start));
            }
            "if" => {
                self.bump();
                return self.conditional(start);
            }
            _ if KEYWORDS.contains(&name.as_str()) => return Err(self.expected("a value")),
            _ => {}
        }
        self.bump();
        if !self.eat_sym("(") {
            return Ok(self.node(ExprKind::Name(name), start));
        }
        let agg = match name.as_str() {
            "count" => Some(AggKind::Count),
            "sum" => Some(AggKind::Sum),
            "any" => Some(AggKind::Any),
            "all" => Some(AggKind::All),
            _ => None,
        };
        if let Some(kind) = agg {
            return self.aggregate(kind, start);
        }
        let args = self.list(")")?;
        Ok(self.node(ExprKind::Call(name, args), start))
    }

    fn conditional(&mut self, start: usize) -> Result<Expr, ExprError> {
        let mut arms = Vec::new();
        loop {
            let cond = self.expr()?;
            self.expect_kw("then")?;
            let then = self.expr()?;
            arms.push((cond, then));
            if !self.eat_kw("elif") {
                break;
            }
        }
        self.expect_kw("else")?;
        let other = self.expr()?;
        Ok(self.node(ExprKind::If(arms, Box::new(other)), start))
    }

    fn aggregate(&mut self, kind: AggKind, start: usize) -> Result<Expr, ExprError> {
        let collection = match self.peek().clone() {
            Tok::Ident(c) if !KEYWORDS.contains(&c.as_str()) => {
                self.bump();
                c
            }
            _ => return Err(self.expected("a collection such as `members`")),
        };
        let filter = if self.eat_kw("where") {
            Some(Box::new(self.expr()?))
        } else {
            None
        };
        let value = if self.eat_sym(",") {
            Some(Box::new(self.expr()?))
        } else {
            None
        };
        self.expect_sym(")")?;
        let e = self.node(
            ExprKind::Agg {
                kind,
                collection,
                filter,
                value,
            },
            start,
        );
        let ok = match kind {
            AggKind::Count => e_value_absent(&e),
            AggKind::Sum | AggKind::All => !e_value_absent(&e),
            AggKind::Any => true,
        };
        if !ok {
            let form = match kind {
                AggKind::Count => "count(members where P)",
                AggKind::Sum => "sum(members where P, VALUE)",
                _ => "all(members where P, TEST)",
            };
            return Err(ExprError::syntax(
                e.span.0,
                e.span.1,
                format!("write it as {form}"),
            ));
        }
        Ok(e)
    }
}

fn e_value_absent(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Agg { value: None, .. })
}
