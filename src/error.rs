//! Errors as data: a stable code, a message, and where it happened. Rendering is left to the
//! caller (the CLI prints one line each; the WebAssembly binding makes JS `Error` objects).

use serde::Serialize;
use std::fmt;

/// A problem in a rule pack, found while loading or checking it.
///
/// Codes (one broken fixture each under `tests/fixtures/load/`):
/// - `toml_syntax`: the file is not TOML (`value = = 1`).
/// - `unknown_key`: a key the format does not define (`[parameters.x] unti = "yuan"`).
/// - `missing_key`: a required key is absent (a parameter value without `from`).
/// - `wrong_type`: a key has the wrong TOML type (`from = "yesterday"` where a date is required).
/// - `bad_date`: a date that is not a calendar date or has a time part.
/// - `bad_number`: a number that is not an exact decimal (`value = 1e3`, `nan`).
/// - `bad_region`: a pack directory or `region` that is not a six-digit GB/T 2260 code.
/// - `duplicate`: the same id defined twice in one pack, or two values with the same `from`.
/// - `missing_citation`: a value with neither `source` nor `unsourced`.
/// - `unknown_reference`: a name an expression or a value uses that nothing defines.
/// - `unknown_symbol`: a string that is not in the shared vocabulary (`hukou == "rurla"`).
/// - `syntax_error`: an expression that does not parse (`income <`).
/// - `type_error`: an expression whose types do not fit (`age + "urban"`).
/// - `cycle`: definitions or programs that depend on themselves.
/// - `unit_mismatch`: a value's unit that cannot be converted exactly to the parameter's unit.
/// - `limit`: a file, expression or nesting depth over the limits in [`crate::limits`].
/// - `io`: a file that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoadError {
    /// Stable code, see above.
    pub code: &'static str,
    /// What is wrong, in English.
    pub message: String,
    /// Rule file, relative to the rules directory.
    pub file: String,
    /// 1-based line (0 when the error is about the whole file or pack).
    pub line: u32,
    /// 1-based column in characters.
    pub column: u32,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {} [{}]",
            self.file, self.line, self.column, self.message, self.code
        )
    }
}

/// A problem with the household document or the request.
///
/// Codes: `malformed_json`, `bad_value` (a value of the wrong type or outside its range, an
/// unknown field or category), `too_large` (over a limit in [`crate::limits`]), `unknown_region`
/// (a code no pack or region list covers), `bad_date` (an assessment date that is not a date).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// Stable code.
    pub code: &'static str,
    /// Path of the offending field, such as `members[1].birth_date` (empty for the whole document).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl InputError {
    /// Builds an input error.
    pub fn new(code: &'static str, path: &str, message: impl Into<String>) -> Self {
        InputError {
            code,
            path: path.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{} [{}]", self.message, self.code)
        } else {
            write!(f, "{}: {} [{}]", self.path, self.message, self.code)
        }
    }
}

/// A failure while evaluating a checked pack: arithmetic that left the exact range.
///
/// Codes: `overflow` (a result beyond about 7.9 × 10²⁸), `division_by_zero`, `date_overflow`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EvalError {
    /// Stable code.
    pub code: &'static str,
    /// The rule item being evaluated, such as `program dibao, criterion income`.
    pub at: String,
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} while evaluating {}", self.code, self.at)
    }
}

/// Any error the engine returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Error {
    /// Rule packs failed to load; every problem found is listed.
    Load {
        /// All errors.
        errors: Vec<LoadError>,
    },
    /// The household or request is invalid.
    Input(InputError),
    /// Evaluation failed.
    Eval(EvalError),
}

impl Error {
    /// The stable code of the (first) error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Load { errors } => errors.first().map_or("load", |e| e.code),
            Error::Input(e) => e.code,
            Error::Eval(e) => e.code,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Load { errors } => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
            Error::Input(e) => write!(f, "{e}"),
            Error::Eval(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<InputError> for Error {
    fn from(e: InputError) -> Self {
        Error::Input(e)
    }
}

impl From<EvalError> for Error {
    fn from(e: EvalError) -> Self {
        Error::Eval(e)
    }
}
