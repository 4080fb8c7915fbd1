//! The expression language: exact decimals, Kleene logic, dates, and aggregates over members.
//! Text is lexed and parsed here; names are resolved and types checked in [`crate::compile`].

pub mod ast;
pub mod lexer;
pub mod parser;

use crate::limits::MAX_EXPR_BYTES;

/// A syntax error inside an expression, with its byte range in the expression text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    /// `syntax_error` or `limit`.
    pub code: &'static str,
    /// Start offset.
    pub start: usize,
    /// End offset.
    pub end: usize,
    /// Explanation.
    pub message: String,
}

impl ExprError {
    fn syntax(start: usize, end: usize, message: impl Into<String>) -> Self {
        ExprError {
            code: "syntax_error",
            start,
            end,
            message: message.into(),
        }
    }
}

/// Parses expression text.
pub fn parse(src: &str) -> Result<ast::Expr, ExprError> {
    if src.len() > MAX_EXPR_BYTES {
        return Err(ExprError {
            code: "limit",
            start: 0,
            end: 0,
            message: format!("expression longer than {MAX_EXPR_BYTES} bytes"),
        });
    }
    parser::Parser::new(lexer::lex(src)?).parse_all()
}
