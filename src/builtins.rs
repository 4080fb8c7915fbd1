//! The function registry: every built-in function of the expression language in one table, with
//! its name, signature, a line of documentation and its implementation side by side (as
//! gorules/zen's function registry does). The resolver checks calls against [`Def::sig`], the
//! evaluator runs [`Def::imp`], and the README's table of functions is checked against it.
//!
//! Special forms that need the compiler (`round` with literal places and mode, `date` with a
//! literal, `eligible` naming a program, and the aggregates) are not functions of values; they
//! are listed in [`FORMS`] for the documentation only.

use crate::calendar::Calendar;
use crate::compile::node::Field;
use crate::eval::Fault;
use crate::facts::{income_syms, Known, Person};
use crate::value::{Sym, SymSet, Ty, Value};
use rust_decimal::Decimal;
use std::fmt;
use time::Date;

/// A built-in function; its entry in [`BUILTINS`] is at the index of its discriminant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Builtin {
    /// `min`
    Min,
    /// `max`
    Max,
    /// `abs`
    Abs,
    /// `age_on`
    AgeOn,
    /// `months_between`
    MonthsBetween,
    /// `days_between`
    DaysBetween,
    /// `add_days`
    AddDays,
    /// `add_months`
    AddMonths,
    /// `add_years`
    AddYears,
    /// `assume`
    Assume,
    /// `next_working_day`
    NextWorkingDay,
    /// `start_of_month`
    StartOfMonth,
    /// `end_of_month`
    EndOfMonth,
    /// `month_of`
    MonthOf,
    /// `age_in_months`
    AgeInMonths,
    /// `age_from_month`
    AgeFromMonth,
    /// `income_in`
    IncomeIn,
    /// `income_excluding`
    IncomeExcluding,
    /// `disability_in`
    DisabilityIn,
    /// `disability_grade_in`
    DisabilityGradeIn,
}

/// Argument and result types: `params` are required, then any number of `rest` arguments.
#[derive(Clone, Copy, Debug)]
pub struct Signature {
    /// Required parameters, named for the documentation and error messages.
    pub params: &'static [(&'static str, Ty)],
    /// A variadic tail: any number of further arguments of this type.
    pub rest: Option<(&'static str, Ty)>,
    /// The result's type.
    pub ret: Ty,
}

impl Signature {
    /// Whether `n` arguments fit.
    pub fn arity_ok(&self, n: usize) -> bool {
        n == self.params.len() || (self.rest.is_some() && n > self.params.len())
    }

    /// The type the `i`-th argument must have (`None` past the last one).
    pub fn param(&self, i: usize) -> Option<Ty> {
        match self.params.get(i) {
            Some((_, t)) => Some(*t),
            None => self.rest.map(|(_, t)| t),
        }
    }

    /// The number of arguments, as an error message states it (`2`, `at least 1`).
    pub fn arity(&self) -> String {
        match self.rest {
            Some(_) => format!("at least {}", self.params.len()),
            None => self.params.len().to_string(),
        }
    }
}

/// How a function is evaluated.
#[derive(Clone, Copy)]
pub enum Imp {
    /// Every argument is evaluated, left to right, then the function of their values. An
    /// argument it cannot use (unknown, or a bound where an exact value is needed) gives
    /// unknown; the evaluator has already noted what made the argument unknown.
    Values(fn(&[Value], &Calendar) -> Result<Value, Fault>),
    /// Reads the current member's or supporter's `reads` field: the evaluator evaluates the
    /// arguments, finds the person and records the read. `None`: unknown without reading.
    Person {
        /// The household document's field the function reads.
        reads: Field,
        /// The value for the person and the argument values.
        f: fn(&Person, &[Value]) -> Result<Option<Value>, Fault>,
    },
    /// `assume(test, default)`: the default is evaluated only when the test is unknown, and the
    /// test's unknown facts are then dropped (a presumption is not a missing fact).
    Presume,
}

impl fmt::Debug for Imp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Imp::Values(_) => "Values",
            Imp::Person { .. } => "Person",
            Imp::Presume => "Presume",
        })
    }
}

/// One built-in function.
#[derive(Clone, Copy, Debug)]
pub struct Def {
    /// Which function.
    pub id: Builtin,
    /// The name rules call it by.
    pub name: &'static str,
    /// Argument and result types.
    pub sig: Signature,
    /// What it computes, one line (the README's table shows it).
    pub doc: &'static str,
    /// How it is evaluated.
    pub imp: Imp,
}

impl Def {
    /// Whether the function reads a person's facts (member or supporter scope only).
    pub fn person(&self) -> bool {
        matches!(self.imp, Imp::Person { .. })
    }
}

/// What the compiler and the evaluator read of an entry of [`BUILTINS`]: the entry without its
/// documentation.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// Which function.
    pub id: Builtin,
    /// The name rules call it by.
    pub name: &'static str,
    /// Argument and result types.
    pub sig: Signature,
    /// How it is evaluated.
    pub imp: Imp,
}

impl Entry {
    /// Whether the function reads a person's facts (member or supporter scope only).
    pub fn person(&self) -> bool {
        matches!(self.imp, Imp::Person { .. })
    }
}

/// The entries as the compiler and the evaluator read them, in [`Builtin`] order. Projected from
/// [`BUILTINS`] when the crate is compiled, so that the documentation stays out of the
/// WebAssembly package (the README's table is made from [`BUILTINS`] itself).
pub static ENTRIES: [Entry; BUILTINS.len()] = entries();

// Evaluated when the crate is compiled: an index out of range fails the build, not a run.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn entries() -> [Entry; BUILTINS.len()] {
    let mut out = [Entry {
        id: Builtin::Assume,
        name: "",
        sig: Signature {
            params: &[],
            rest: None,
            ret: Ty::Bool,
        },
        imp: Imp::Presume,
    }; BUILTINS.len()];
    let mut i = 0;
    while i < BUILTINS.len() {
        let d = &BUILTINS[i];
        out[i] = Entry {
            id: d.id,
            name: d.name,
            sig: d.sig,
            imp: d.imp,
        };
        i += 1;
    }
    out
}

/// `name(a: type, b: type, more: type...) -> type`.
fn signature(f: &mut fmt::Formatter<'_>, name: &str, sig: &Signature) -> fmt::Result {
    write!(f, "{name}(")?;
    for (i, (n, t)) in sig.params.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{n}: {}", t.name())?;
    }
    if let Some((n, t)) = sig.rest {
        if !sig.params.is_empty() {
            f.write_str(", ")?;
        }
        write!(f, "{n}: {}...", t.name())?;
    }
    write!(f, ") -> {}", sig.ret.name())
}

/// The signature, as error messages and the README show it.
impl fmt::Display for Def {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        signature(f, self.name, &self.sig)
    }
}

/// The signature, as error messages and the README show it.
impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        signature(f, self.name, &self.sig)
    }
}

const fn def(
    id: Builtin,
    name: &'static str,
    params: &'static [(&'static str, Ty)],
    ret: Ty,
    doc: &'static str,
    imp: Imp,
) -> Def {
    Def {
        id,
        name,
        sig: Signature {
            params,
            rest: None,
            ret,
        },
        doc,
        imp,
    }
}

const fn variadic(mut d: Def, rest: (&'static str, Ty)) -> Def {
    d.sig.rest = Some(rest);
    d
}

use Ty::{Bool, Date as D, Num, Set};

/// Every built-in function, in [`Builtin`] order.
pub const BUILTINS: &[Def] = &[
    variadic(
        def(
            Builtin::Min,
            "min",
            &[("x", Num)],
            Num,
            "the smallest of any number of numbers (a bound where a figure is one)",
            Imp::Values(min),
        ),
        ("more", Num),
    ),
    variadic(
        def(
            Builtin::Max,
            "max",
            &[("x", Num)],
            Num,
            "the largest of any number of numbers (a bound where a figure is one)",
            Imp::Values(max),
        ),
        ("more", Num),
    ),
    def(
        Builtin::Abs,
        "abs",
        &[("x", Num)],
        Num,
        "the absolute value",
        Imp::Values(abs),
    ),
    def(
        Builtin::AgeOn,
        "age_on",
        &[("birth", D), ("on", D)],
        Num,
        "whole years of age: N from the N-th birthday (29 February: 28 February in a common year)",
        Imp::Values(age_on),
    ),
    def(
        Builtin::MonthsBetween,
        "months_between",
        &[("from", D), ("to", D)],
        Num,
        "whole months from one date to another, clamped to month ends (negative when `to` is earlier)",
        Imp::Values(months_between),
    ),
    def(
        Builtin::DaysBetween,
        "days_between",
        &[("from", D), ("to", D)],
        Num,
        "days from one date to another (negative when `to` is earlier)",
        Imp::Values(days_between),
    ),
    def(
        Builtin::AddDays,
        "add_days",
        &[("date", D), ("n", Num)],
        D,
        "the date `n` days later (whole days; negative for earlier)",
        Imp::Values(add_days),
    ),
    def(
        Builtin::AddMonths,
        "add_months",
        &[("date", D), ("n", Num)],
        D,
        "the date `n` months later, clamped to the month's last day (2000-01-31 plus one month is 2000-02-29)",
        Imp::Values(add_months),
    ),
    def(
        Builtin::AddYears,
        "add_years",
        &[("date", D), ("n", Num)],
        D,
        "the date `n` years later (29 February becomes 28 February in a common year)",
        Imp::Values(add_years),
    ),
    def(
        Builtin::Assume,
        "assume",
        &[("test", Bool), ("default", Bool)],
        Bool,
        "a presumption: the test, or the default when the test is unknown (nothing reported missing)",
        Imp::Presume,
    ),
    def(
        Builtin::NextWorkingDay,
        "next_working_day",
        &[("date", D)],
        D,
        "the date if it is a working day, else the next one (rules/calendar.toml; 民法典 art. 203)",
        Imp::Values(next_working_day),
    ),
    def(
        Builtin::StartOfMonth,
        "start_of_month",
        &[("date", D)],
        D,
        "the first day of the date's month",
        Imp::Values(start_of_month),
    ),
    def(
        Builtin::EndOfMonth,
        "end_of_month",
        &[("date", D)],
        D,
        "the last day of the date's month",
        Imp::Values(end_of_month),
    ),
    def(
        Builtin::MonthOf,
        "month_of",
        &[("date", D)],
        Num,
        "the date's calendar month as a number, year × 12 + month − 1 (2018-03-17 gives 24218): compare months, or subtract to count calendar months",
        Imp::Values(month_of),
    ),
    def(
        Builtin::AgeInMonths,
        "age_in_months",
        &[("birth", D), ("on", D)],
        Num,
        "whole months of age: N from the day N months after the birth, clamped to month ends",
        Imp::Values(age_in_months),
    ),
    def(
        Builtin::AgeFromMonth,
        "age_from_month",
        &[("birth", D), ("on", D)],
        Num,
        "whole years of age counted from the first day of the birth month (N from the 1st of the N-th birthday's month)",
        Imp::Values(age_from_month),
    ),
    def(
        Builtin::IncomeIn,
        "income_in",
        &[("categories", Set)],
        Num,
        "the person's monthly income in those categories (at most the total when the list is unknown)",
        Imp::Person {
            reads: Field::INCOME,
            f: income_in,
        },
    ),
    def(
        Builtin::IncomeExcluding,
        "income_excluding",
        &[("categories", Set)],
        Num,
        "the person's monthly income in every other category",
        Imp::Person {
            reads: Field::INCOME,
            f: income_excluding,
        },
    ),
    def(
        Builtin::DisabilityIn,
        "disability_in",
        &[("kinds", Set), ("from_grade", Num), ("to_grade", Num)],
        Bool,
        "the person holds a disability certificate of one of the kinds, graded between the two (1 most severe)",
        Imp::Person {
            reads: Field::DISABILITY,
            f: disability_in,
        },
    ),
    def(
        Builtin::DisabilityGradeIn,
        "disability_grade_in",
        &[("from_grade", Num), ("to_grade", Num)],
        Bool,
        "the person holds a disability certificate of any kind, graded between the two",
        Imp::Person {
            reads: Field::DISABILITY,
            f: disability_grade_in,
        },
    ),
];

/// A special form: parsed or checked by the compiler itself, documented here.
#[derive(Clone, Copy, Debug)]
pub struct Form {
    /// The name.
    pub name: &'static str,
    /// How it is written.
    pub usage: &'static str,
    /// What it gives.
    pub doc: &'static str,
}

/// Special forms, for the documentation (the resolver handles each by name).
pub const FORMS: &[Form] = &[
    Form {
        name: "round",
        usage: "round(x: number[, places[, mode]]) -> number",
        doc: "rounds to literal places 0–10 (default 2); modes `half_up` = 四舍五入 (default), `half_even`, `half_down`, `up`, `down`, `ceiling`, `floor`",
    },
    Form {
        name: "date",
        usage: "date(\"YYYY-MM-DD\") -> date",
        doc: "a date literal, checked when the pack loads",
    },
    Form {
        name: "eligible",
        usage: "eligible(\"program\") -> boolean",
        doc: "another program's outcome (per member in member scope)",
    },
    Form {
        name: "lookup",
        usage: "lookup(table, key...) -> the table's type",
        doc: "the row of a table parameter the keys select (bands by lower bound, or exact values; one key per table key)",
    },
    Form {
        name: "count",
        usage: "count(COLL [where P]) -> number",
        doc: "how many of `members`, `supporters` or `vehicles` pass the filter",
    },
    Form {
        name: "sum",
        usage: "sum(COLL [where P], E) -> number",
        doc: "the sum of `E` over those that pass",
    },
    Form {
        name: "any",
        usage: "any(COLL [where P][, T]) -> boolean",
        doc: "whether any that pass (and satisfy `T`)",
    },
    Form {
        name: "all",
        usage: "all(COLL [where P], T) -> boolean",
        doc: "whether all that pass satisfy `T`",
    },
];

/// The function called `name`.
pub fn find(name: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|d| d.name == name)
}

/// The entry of a builtin.
#[inline]
pub fn get(b: Builtin) -> Option<&'static Entry> {
    ENTRIES.get(b as usize)
}

/// The README's table of functions: every registered function, then the special forms.
pub fn markdown_table() -> String {
    let mut out = String::from("| function | signature | meaning |\n|---|---|---|\n");
    for d in BUILTINS {
        let scope = if d.person() {
            "; in member or supporter scope"
        } else {
            ""
        };
        out.push_str(&format!("| `{}` | `{d}` | {}{scope} |\n", d.name, d.doc));
    }
    for f in FORMS {
        out.push_str(&format!(
            "| `{}` | `{}` | special form: {} |\n",
            f.name, f.usage, f.doc
        ));
    }
    out
}

// ---- implementations ---------------------------------------------------------------------------

fn min(v: &[Value], _: &Calendar) -> Result<Value, Fault> {
    Ok(extreme(v, true))
}

fn max(v: &[Value], _: &Calendar) -> Result<Value, Fault> {
    Ok(extreme(v, false))
}

fn extreme(values: &[Value], min: bool) -> Value {
    let mut best: Option<Decimal> = None;
    for v in values {
        match v {
            Value::Num(x) => {
                best = Some(match best {
                    Some(b) if min => b.min(*x),
                    Some(b) => b.max(*x),
                    None => *x,
                })
            }
            // A bound or an unknown: the interval arithmetic decides (unknown if any is).
            _ => return crate::eval::bound::extreme(values, min),
        }
    }
    best.map_or(Value::Unknown, Value::Num)
}

fn abs(v: &[Value], _: &Calendar) -> Result<Value, Fault> {
    Ok(match v {
        [Value::Num(x)] => Value::Num(x.abs()),
        _ => Value::Unknown,
    })
}

/// Two dates to a whole number.
fn dates(v: &[Value], f: fn(Date, Date) -> i64) -> Value {
    match v {
        [Value::Date(a), Value::Date(b)] => Value::Num(Decimal::from(f(*a, *b))),
        _ => Value::Unknown,
    }
}

fn age_on(v: &[Value], _: &Calendar) -> Result<Value, Fault> {
    Ok(dates(v, crate::date::age_on))
}

fn months_between(v: &[Value], _: &Calendar) -> Result<Value, Fault> {
    Ok(dates(v, crate::date::months_between))
}

fn days_between(v: &[Value], _: &Calendar) -> Result<Value, Fault> {
    Ok(dates(v, crate::date::days_between))
}

fn age_in_months(v: &[Value], _: &Calendar) -> Result<Value, Fault> {
    Ok(dates(v, crate::date::months_between))
}

fn age_from_month(v: &[Value], _: &Calendar) -> Result<Value, Fault> {
    Ok(dates(v, crate::date::age_from_month))
}

/// A date and a whole number (the fraction dropped) to a date.
fn shift(v: &[Value], f: fn(Date, i64) -> Option<Date>) -> Result<Value, Fault> {
    match v {
        [Value::Date(d), Value::Num(n)] => {
            let n = i64::try_from(n.trunc()).map_err(|_| Fault::DateOverflow)?;
            f(*d, n).map(Value::Date).ok_or(Fault::DateOverflow)
        }
        _ => Ok(Value::Unknown),
    }
}

fn add_days(v: &[Value], _: &Calendar) -> Result<Value, Fault> {
    shift(v, crate::date::add_days)
}

fn add_months(v: &[Value], _: &Calendar) -> Result<Value, Fault> {
    shift(v, crate::date::add_months)
}

fn add_years(v: &[Value], _: &Calendar) -> Result<Value, Fault> {
    shift(v, crate::date::add_years)
}

/// A date to a date.
fn day(v: &[Value], f: impl Fn(Date) -> Option<Date>) -> Result<Value, Fault> {
    match v {
        [Value::Date(d)] => f(*d).map(Value::Date).ok_or(Fault::DateOverflow),
        _ => Ok(Value::Unknown),
    }
}

fn next_working_day(v: &[Value], calendar: &Calendar) -> Result<Value, Fault> {
    day(v, |d| calendar.next_working_day(d))
}

fn start_of_month(v: &[Value], _: &Calendar) -> Result<Value, Fault> {
    day(v, crate::date::start_of_month)
}

fn end_of_month(v: &[Value], _: &Calendar) -> Result<Value, Fault> {
    day(v, crate::date::end_of_month)
}

fn month_of(v: &[Value], _: &Calendar) -> Result<Value, Fault> {
    Ok(match v {
        [Value::Date(d)] => Value::Num(Decimal::from(crate::date::month_index(*d))),
        _ => Value::Unknown,
    })
}

/// The person's income in the categories `include` keeps (unknown if one of them is).
pub(crate) fn income(p: &Person, include: impl Fn(Sym) -> bool) -> Result<Value, Fault> {
    let Some(slots) = &p.income else {
        return Ok(Value::Unknown);
    };
    let mut total = Decimal::ZERO;
    let extra = p.income_extra.iter().map(|(s, v)| (s, v));
    for (&sym, slot) in income_syms().iter().zip(slots.iter()).chain(extra) {
        if !include(sym) {
            continue;
        }
        match slot {
            Some(v) => total = plus(total, *v)?,
            None => return Ok(Value::Unknown),
        }
    }
    Ok(Value::Num(total))
}

/// `total + v`, for sums of income categories, most of them zero: a decimal addition costs tens
/// of instructions, and where a term is zero this gives what the addition gives (the other term,
/// as written: `eval::read`'s test holds a sum to the plain one, to the last decimal place)
/// without it.
#[inline(always)]
pub(crate) fn plus(total: Decimal, v: Decimal) -> Result<Decimal, Fault> {
    if total.is_zero() {
        Ok(v)
    } else if v.is_zero() {
        Ok(total)
    } else {
        total.checked_add(v).ok_or(Fault::Overflow)
    }
}

/// Income in some categories, the list being unknown (an unsourced list, doubted): between
/// none and all of it.
fn income_unknown_list(p: &Person) -> Result<Option<Value>, Fault> {
    Ok(Some(match income(p, |_| true)? {
        Value::Num(t) if t.is_zero() => Value::Num(t),
        Value::Num(t) if !t.is_sign_negative() => Value::AtMost(t),
        _ => Value::Unknown,
    }))
}

fn income_in(p: &Person, v: &[Value]) -> Result<Option<Value>, Fault> {
    match v {
        [Value::Set(s)] => income(p, |c| s.contains(c)).map(Some),
        [Value::Unknown] => income_unknown_list(p),
        _ => Ok(None),
    }
}

fn income_excluding(p: &Person, v: &[Value]) -> Result<Option<Value>, Fault> {
    match v {
        [Value::Set(s)] => income(p, |c| !s.contains(c)).map(Some),
        [Value::Unknown] => income_unknown_list(p),
        _ => Ok(None),
    }
}

fn grade_in(p: &Person, lo: Decimal, hi: Decimal, kinds: Option<SymSet>) -> Value {
    match p.disability {
        Known::Unknown => Value::Unknown,
        Known::None => Value::Bool(false),
        Known::Some((k, g)) => {
            let g = Decimal::from(g);
            Value::Bool(lo <= g && g <= hi && kinds.is_none_or(|s| s.contains(k)))
        }
    }
}

fn disability_in(p: &Person, v: &[Value]) -> Result<Option<Value>, Fault> {
    Ok(match v {
        [Value::Set(s), Value::Num(lo), Value::Num(hi)] => Some(grade_in(p, *lo, *hi, Some(*s))),
        _ => None,
    })
}

fn disability_grade_in(p: &Person, v: &[Value]) -> Result<Option<Value>, Fault> {
    Ok(match v {
        [Value::Num(lo), Value::Num(hi)] => Some(grade_in(p, *lo, *hi, None)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_in_enum_order_with_unique_names() {
        for (i, d) in BUILTINS.iter().enumerate() {
            assert_eq!(d.id as usize, i, "{} out of order", d.name);
            assert_eq!(get(d.id).map(|x| x.name), Some(d.name));
            assert_eq!(get(d.id).map(|x| x.to_string()), Some(d.to_string()));
            assert_eq!(find(d.name).map(|x| x.id), Some(d.id));
            assert!(!d.doc.is_empty());
            assert!(FORMS.iter().all(|f| f.name != d.name), "{}", d.name);
        }
    }

    #[test]
    fn signatures_read_as_written() {
        let s = |n| find(n).map(|d| d.to_string()).unwrap();
        assert_eq!(s("min"), "min(x: number, more: number...) -> number");
        assert_eq!(s("age_on"), "age_on(birth: date, on: date) -> number");
        assert!(find("min").unwrap().sig.arity_ok(7));
        assert!(!find("min").unwrap().sig.arity_ok(0));
        assert!(!find("abs").unwrap().sig.arity_ok(2));
    }
}
