//! The impact of a change: the households of a population assessed under the rules before and
//! after it on one day, tallied as `huimin compare --baseline DIR --reform DIR --date D` tallies
//! them (newly eligible and ineligible, amounts up and down, cost per month and per year).

use crate::batch::{parse_line, Comparison, Side};
use crate::engine::Engine;
use crate::error::Error;
use time::Date;

/// Compares `after` with `before` over households given as JSON Lines, both on `date`. Lines
/// that cannot be assessed are counted as malformed; the first few are returned with their line
/// numbers.
pub fn compare(
    before: &Engine,
    after: &Engine,
    lines: &str,
    date: Date,
) -> Result<(Comparison, Vec<(u64, Error)>), Error> {
    let mut b = Side::new(before, date, Vec::new())?;
    let mut r = Side::new(after, date, Vec::new())?;
    let mut c = Comparison::default();
    let mut errors = Vec::new();
    for (i, line) in lines.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let number = u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1);
        let mut one = || -> Result<(), Error> {
            let (id, hh) = parse_line(line)?;
            let (ob, or) = (b.decide(&hh)?, r.decide(&hh)?);
            c.add(&id.unwrap_or_else(|| format!("line {number}")), &ob, &or)
        };
        if let Err(e) = one() {
            c.malformed = c.malformed.saturating_add(1);
            if errors.len() < 20 {
                errors.push((number, e));
            }
        }
    }
    Ok((c, errors))
}
