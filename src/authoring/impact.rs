//! The impact of a change: the households of a population assessed under the rules before and
//! after it on one day, tallied as `huimin compare --baseline DIR --reform DIR --date D` tallies
//! them (newly eligible and ineligible, amounts up and down, cost per month and per year).

use crate::batch::{parse_line, Comparison, Side};
use crate::engine::Engine;
use crate::error::Error;
use time::Date;

/// The first errors kept, with their line numbers.
const KEPT_ERRORS: usize = 20;

/// Compares `after` with `before` over households given as JSON Lines, both on `date`. Lines
/// that cannot be assessed are counted as malformed; the first few are returned with their line
/// numbers.
pub fn compare(
    before: &Engine,
    after: &Engine,
    lines: &str,
    date: Date,
) -> Result<(Comparison, Vec<(u64, Error)>), Error> {
    let items = lines.lines().enumerate().filter_map(|(i, line)| {
        if line.trim().is_empty() {
            return None;
        }
        let number = u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1);
        Some((number, Ok(line.to_string())))
    });
    compare_items(before, after, items, date)
}

/// The same over households given as CSV, one row per member, with the columns of `huimin
/// batch --csv` ([`super::csv`]); line numbers are those of each household's first row. A file
/// that has no header row or a `household` column is refused.
pub fn compare_csv(
    before: &Engine,
    after: &Engine,
    text: &str,
    date: Date,
) -> Result<(Comparison, Vec<(u64, Error)>), Error> {
    let items = super::csv::households(text)?.into_iter().map(|(n, h)| {
        let line = h.map(|(id, doc)| {
            let mut line = serde_json::Map::new();
            if let Some(id) = id {
                line.insert("id".into(), id.into());
            }
            line.insert("household".into(), doc);
            serde_json::Value::Object(line).to_string()
        });
        (n, line)
    });
    compare_items(before, after, items, date)
}

fn compare_items(
    before: &Engine,
    after: &Engine,
    items: impl Iterator<Item = (u64, Result<String, Error>)>,
    date: Date,
) -> Result<(Comparison, Vec<(u64, Error)>), Error> {
    let mut b = Side::new(before, date, Vec::new())?;
    let mut r = Side::new(after, date, Vec::new())?;
    let mut c = Comparison::default();
    let mut errors = Vec::new();
    for (number, line) in items {
        let one = || -> Result<(), Error> {
            let (id, hh) = parse_line(after, &line?)?;
            let (ob, or) = (b.decide(&hh)?, r.decide(&hh)?);
            c.add(&id.unwrap_or_else(|| format!("line {number}")), &ob, &or)
        };
        if let Err(e) = one() {
            c.malformed = c.malformed.saturating_add(1);
            if errors.len() < KEPT_ERRORS {
                errors.push((number, e));
            }
        }
    }
    Ok((c, errors))
}
