//! What evaluating one household records for its report: per program its decision, per deciding
//! unit (the household, or each member) every criterion's value and what it read, the amount and
//! the dates. Evaluation fills it and never reads it; [`crate::report`] builds the result from
//! it. Everything lives in flat lists addressed by [`Span`]s, reused from one household to the
//! next.

use super::{Decision, Read};
use crate::compile::node::Blame;
use crate::result::Status;
use crate::value::Value;
use rust_decimal::Decimal;
use time::Date;

/// A range of entries in one of the trace's lists (start, end).
pub(crate) type Span = (u32, u32);

/// The entries of `list` in `span` (none when the span is out of range).
pub(crate) fn slice<T>(list: &[T], (from, to): Span) -> &[T] {
    list.get(from as usize..to as usize).unwrap_or_default()
}

/// The span from `from` to the list's current end.
pub(crate) fn span_from<T>(list: &[T], from: usize) -> Span {
    (to_u32(from), to_u32(list.len()))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The record of one household's evaluation.
#[derive(Debug, Default)]
pub struct Trace {
    /// One entry per program evaluated, in the rules' evaluation order.
    pub(crate) programs: Vec<ProgramTrace>,
    pub(crate) units: Vec<UnitTrace>,
    pub(crate) steps: Vec<Step>,
    /// What the outcomes wait on, each unit's and program's sorted and without repeats.
    pub(crate) blame: Vec<Blame>,
    /// Parameters read whose value carries a note (unsourced or stale), per program.
    pub(crate) unsourced: Vec<u16>,
    /// The program's dates that have a value: the date's index in the program, and the date.
    pub(crate) dates: Vec<(u16, Date)>,
    /// Everything read, in order (empty unless reads were recorded).
    pub(crate) reads: Vec<Read>,
}

impl Trace {
    pub(crate) fn clear(&mut self) {
        self.programs.clear();
        self.units.clear();
        self.steps.clear();
        self.blame.clear();
        self.unsourced.clear();
        self.dates.clear();
        self.reads.clear();
    }

    /// The decisions recorded, in the rules' evaluation order.
    pub fn decisions(&self) -> impl Iterator<Item = &Decision> {
        self.programs.iter().map(|p| &p.decision)
    }
}

/// One program's record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ProgramTrace {
    pub(crate) decision: Decision,
    /// The household's unit, or one unit per member (none when the members are not given).
    pub(crate) units: Span,
    /// In [`Trace::blame`].
    pub(crate) blame: Span,
    /// In [`Trace::unsourced`], sorted and without repeats.
    pub(crate) unsourced: Span,
    /// In [`Trace::dates`].
    pub(crate) dates: Span,
}

/// The outcome for the household, or for one member of a per-member program.
#[derive(Clone, Copy, Debug)]
pub(crate) struct UnitTrace {
    pub(crate) status: Status,
    pub(crate) amount: Option<(Decimal, Decimal)>,
    pub(crate) at_least: bool,
    /// The low end of the amount's range (`floor`), rounded as the amount is, when known.
    pub(crate) low: Option<Decimal>,
    /// In [`Trace::blame`] (a member's own; the household's unit uses the program's).
    pub(crate) blame: Span,
    /// In [`Trace::steps`].
    pub(crate) steps: Span,
}

/// One criterion evaluated, or the amount computed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Step {
    pub(crate) what: StepKind,
    pub(crate) value: Value,
    /// In [`Trace::reads`].
    pub(crate) reads: Span,
}

/// What a step evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StepKind {
    /// The program's criterion of this index.
    Criterion(u16),
    /// The amount, and whether it could be computed.
    Amount(bool),
}
