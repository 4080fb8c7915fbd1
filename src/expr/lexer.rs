//! Splits expression text into tokens.

use super::ExprError;
use rust_decimal::Decimal;

/// A token and its byte range.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// The token.
    pub kind: Tok,
    /// Start offset.
    pub start: usize,
    /// End offset.
    pub end: usize,
}

/// Token kinds.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// Decimal literal.
    Num(Decimal),
    /// String literal.
    Str(String),
    /// Identifier or keyword.
    Ident(String),
    /// Punctuation and operators.
    Sym(&'static str),
    /// End of input.
    End,
}

const SYMBOLS: &[&str] = &[
    "<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", ",",
];

/// Tokenizes `src`.
// Offsets stay within the source text (at most MAX_EXPR_BYTES long), so they cannot overflow.
#[allow(clippy::arithmetic_side_effects)]
pub fn lex(src: &str) -> Result<Vec<Token>, ExprError> {
    let mut out = Vec::new();
    let bytes = src.as_bytes();
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let kind = if c.is_ascii_digit() {
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_digit() || *b == b'.' || *b == b'_')
            {
                i += 1;
            }
            let text: String = src.get(start..i).unwrap_or("").replace('_', "");
            if text.ends_with('.') || text.matches('.').count() > 1 {
                return Err(ExprError::syntax(start, i, format!("bad number `{text}`")));
            }
            let n = text.parse::<Decimal>().map_err(|_| {
                ExprError::syntax(start, i, format!("number `{text}` is out of range"))
            })?;
            Tok::Num(n)
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
            {
                i += 1;
            }
            Tok::Ident(src.get(start..i).unwrap_or("").to_string())
        } else if c == b'"' {
            i += 1;
            while bytes.get(i).is_some_and(|b| *b != b'"') {
                i += 1;
            }
            if bytes.get(i).is_none() {
                return Err(ExprError::syntax(start, i, "unterminated string"));
            }
            i += 1;
            Tok::Str(src.get(start + 1..i - 1).unwrap_or("").to_string())
        } else if let Some(s) = SYMBOLS
            .iter()
            .find(|s| src.get(i..).is_some_and(|r| r.starts_with(**s)))
        {
            i += s.len();
            Tok::Sym(s)
        } else {
            let ch = src.get(i..).and_then(|r| r.chars().next()).unwrap_or('?');
            return Err(ExprError::syntax(
                start,
                start + ch.len_utf8(),
                format!("unexpected character `{ch}`"),
            ));
        };
        out.push(Token {
            kind,
            start,
            end: i,
        });
    }
    out.push(Token {
        kind: Tok::End,
        start: src.len(),
        end: src.len(),
    });
    Ok(out)
}
