//! Batch reassessment and reform comparison for civil-affairs bureaus: the same decisions
//! residents get ([`crate::Assessor::decide`]), tallied over a population with exact totals.
//!
//! A [`Side`] is one set of rules on one date, optionally with parameters set to new values (a
//! reform under study). [`Summary`] tallies one side; [`Comparison`] tallies two sides over the
//! same households. Both merge, so a population can be split across threads.

use crate::engine::{Assessor, Engine};
use crate::error::{Error, InputError};
use crate::facts::Household;
use crate::pack::model::RawValue;
use crate::result::Status;
use crate::shared::Str;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use time::Date;

/// A program's outcome for one household.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Program id.
    pub program: Str,
    /// Status.
    pub status: Status,
    /// Monthly and annual amounts, when eligible and computable.
    pub amount: Option<(Decimal, Decimal)>,
    /// The amounts are lower bounds (a figure past the date it is known until).
    pub at_least: bool,
    /// The amounts are ceilings the office sets the sum under ("最高").
    pub up_to: bool,
}

/// One set of rules on one date, with parameters the caller sets (a reform).
pub struct Side<'e> {
    engine: &'e Engine,
    date: Date,
    set: Vec<(String, RawValue)>,
    assessors: BTreeMap<Option<String>, Assessor<'e>>,
}

impl<'e> Side<'e> {
    /// The engine whose rules this side applies.
    pub fn engine(&self) -> &'e Engine {
        self.engine
    }

    /// The rules of `engine` on `date`, with each `(parameter, value)` of `set` replacing the
    /// published value. A parameter no pack declares is an error.
    pub fn new(
        engine: &'e Engine,
        date: Date,
        set: Vec<(String, RawValue)>,
    ) -> Result<Side<'e>, Error> {
        for (id, _) in &set {
            let known = engine
                .compiled()?
                .iter()
                .any(|(_, r)| r.params.iter().any(|p| &p.id == id));
            if !known {
                return Err(Error::Input(InputError::new(
                    "unknown_parameter",
                    "set",
                    format!("no rule pack declares the parameter `{id}`"),
                )));
            }
        }
        Ok(Side {
            engine,
            date,
            set,
            assessors: BTreeMap::new(),
        })
    }

    /// The assessment date.
    pub fn date(&self) -> Date {
        self.date
    }

    /// The full result for a household (benefit programs), with or without the trace.
    pub fn assess(
        &mut self,
        hh: &Household,
        trace: bool,
    ) -> Result<crate::result::Assessment, Error> {
        self.assessor(hh)?.assess(
            hh,
            crate::Options {
                trace,
                ..crate::Options::default()
            },
        )
    }

    /// Hands back the result [`Side::assess`] made for `hh`, so its lists are reused.
    pub fn recycle(&mut self, hh: &Household, a: crate::result::Assessment) {
        if let Some(assessor) = self.assessors.get_mut(&hh.region) {
            assessor.recycle(a);
        }
    }

    fn assessor(&mut self, hh: &Household) -> Result<&mut Assessor<'e>, Error> {
        let key = hh.region.clone();
        if !self.assessors.contains_key(&key) {
            let mut a = self.engine.assessor(hh.region.as_deref(), self.date)?;
            for (id, v) in &self.set {
                if a.rules().params.iter().any(|p| &p.id == id) {
                    a.set(id, v)?;
                }
            }
            self.assessors.insert(key.clone(), a);
        }
        self.assessors
            .get_mut(&key)
            .ok_or_else(|| Error::Input(InputError::new("unknown_region", "region", "no rules")))
    }

    /// Decides every benefit program for a household.
    pub fn decide(&mut self, hh: &Household) -> Result<Vec<Outcome>, Error> {
        let a = self.assessor(hh)?;
        let decisions = a.decide(hh, Some(crate::engine::Topic::Benefits))?.to_vec();
        let rules = a.rules();
        let programs = &rules.shown.programs;
        Ok(decisions
            .iter()
            .map(|d| Outcome {
                program: programs
                    .get(usize::from(d.program))
                    .map(|p| p.id.clone())
                    .unwrap_or_default(),
                status: d.status,
                amount: d.amount,
                at_least: d.at_least,
                up_to: rules
                    .programs
                    .get(usize::from(d.program))
                    .and_then(|p| p.amount.as_ref())
                    .is_some_and(|x| x.up_to && d.amount.is_some()),
            })
            .collect())
    }
}

/// A household's outcomes as one JSON object: `{"dibao": {"status": "eligible", "monthly":
/// "150.00", "annual": "1800.00"}, ...}`, with `"at_least": true` where the amounts are lower
/// bounds.
pub fn outcomes_json(outcomes: &[Outcome]) -> Value {
    let mut m = serde_json::Map::new();
    for o in outcomes {
        let mut p = serde_json::Map::new();
        p.insert("status".into(), json!(o.status.name()));
        if let Some((monthly, annual)) = o.amount {
            p.insert("monthly".into(), json!(monthly.to_string()));
            p.insert("annual".into(), json!(annual.to_string()));
            if o.at_least {
                p.insert("at_least".into(), json!(true));
            }
            if o.up_to {
                p.insert("up_to".into(), json!(true));
            }
        }
        m.insert(o.program.to_string(), Value::Object(p));
    }
    Value::Object(m)
}

/// One line of `huimin batch`'s output, written straight into `out` (no JSON tree is built):
/// `{"id":...,"line":N,"programs":{...}}` with the same bytes as serde_json writes
/// [`outcomes_json`] in such an object (keys sorted), without the closing brace when
/// `open` (the caller appends more members).
pub fn line_json(out: &mut String, id: Option<&str>, line: u64, outcomes: &[Outcome], open: bool) {
    use std::fmt::Write as _;
    out.push_str("{\"id\":");
    match id {
        Some(id) => push_json_str(out, id),
        None => out.push_str("null"),
    }
    let _ = write!(out, ",\"line\":{line},\"programs\":{{");
    let mut sorted: Vec<&Outcome> = outcomes.iter().collect();
    sorted.sort_by(|a, b| a.program.cmp(&b.program));
    sorted.dedup_by(|a, b| a.program == b.program);
    for (i, o) in sorted.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_str(out, &o.program);
        out.push_str(":{");
        if let Some((monthly, annual)) = o.amount {
            let _ = write!(out, "\"annual\":\"{annual}\",");
            if o.at_least {
                out.push_str("\"at_least\":true,");
            }
            let _ = write!(out, "\"monthly\":\"{monthly}\",");
        }
        // Pushed, not formatted: `write!` went through the formatter for every program of
        // every line.
        out.push_str("\"status\":\"");
        out.push_str(o.status.name());
        out.push('"');
        if o.up_to && o.amount.is_some() {
            out.push_str(",\"up_to\":true");
        }
        out.push('}');
    }
    out.push('}');
    if !open {
        out.push('}');
    }
}

/// Writes `s` as a JSON string, escaped as serde_json escapes it.
fn push_json_str(out: &mut String, s: &str) {
    use std::fmt::Write as _;
    out.push('"');
    // Ids and program names rarely need escaping: copied whole when they do not (a character at
    // a time, this was 4% of a batch run's instructions).
    if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn add(a: Decimal, b: Decimal) -> Result<Decimal, Error> {
    a.checked_add(b).ok_or_else(|| {
        Error::Input(InputError::new(
            "overflow",
            "total",
            "the total does not fit in a decimal",
        ))
    })
}

/// Counts and exact totals of one program over a population.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Households eligible.
    pub eligible: u64,
    /// Households not eligible.
    pub ineligible: u64,
    /// Households whose answers leave it undecided.
    pub needs_info: u64,
    /// Households to refer to the office.
    pub refer: u64,
    /// Sum of the monthly amounts of the eligible.
    pub monthly: Decimal,
    /// Sum of the annual amounts of the eligible.
    pub annual: Decimal,
}

impl Tally {
    fn count(&mut self, o: &Outcome) -> Result<(), Error> {
        match o.status {
            Status::Eligible => self.eligible = self.eligible.saturating_add(1),
            Status::Ineligible => self.ineligible = self.ineligible.saturating_add(1),
            Status::NeedsInfo => self.needs_info = self.needs_info.saturating_add(1),
            Status::Refer => self.refer = self.refer.saturating_add(1),
        }
        if let (Status::Eligible, Some((m, y))) = (o.status, o.amount) {
            self.monthly = add(self.monthly, m)?;
            self.annual = add(self.annual, y)?;
        }
        Ok(())
    }

    fn merge(&mut self, o: &Tally) -> Result<(), Error> {
        self.eligible = self.eligible.saturating_add(o.eligible);
        self.ineligible = self.ineligible.saturating_add(o.ineligible);
        self.needs_info = self.needs_info.saturating_add(o.needs_info);
        self.refer = self.refer.saturating_add(o.refer);
        self.monthly = add(self.monthly, o.monthly)?;
        self.annual = add(self.annual, o.annual)?;
        Ok(())
    }

    /// As JSON (amounts as exact decimal strings).
    pub fn to_json(&self) -> Value {
        json!({
            "eligible": self.eligible,
            "ineligible": self.ineligible,
            "needs_info": self.needs_info,
            "refer": self.refer,
            "monthly": self.monthly.to_string(),
            "annual": self.annual.to_string(),
        })
    }
}

/// Tallies of a batch run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Households assessed.
    pub households: u64,
    /// Lines that could not be assessed (reported with their line numbers).
    pub malformed: u64,
    /// Per program id.
    pub programs: BTreeMap<String, Tally>,
}

impl Summary {
    /// Adds one household's outcomes.
    pub fn add(&mut self, outcomes: &[Outcome]) -> Result<(), Error> {
        self.households = self.households.saturating_add(1);
        for o in outcomes {
            if let Some(t) = self.programs.get_mut(o.program.as_str()) {
                t.count(o)?;
            } else {
                let mut t = Tally::default();
                t.count(o)?;
                self.programs.insert(o.program.to_string(), t);
            }
        }
        Ok(())
    }

    /// Adds another summary (from another thread or chunk).
    pub fn merge(&mut self, other: &Summary) -> Result<(), Error> {
        self.households = self.households.saturating_add(other.households);
        self.malformed = self.malformed.saturating_add(other.malformed);
        for (k, t) in &other.programs {
            self.programs.entry(k.clone()).or_default().merge(t)?;
        }
        Ok(())
    }

    /// As JSON.
    pub fn to_json(&self) -> Value {
        let programs: serde_json::Map<String, Value> = self
            .programs
            .iter()
            .map(|(k, t)| (k.clone(), t.to_json()))
            .collect();
        json!({ "households": self.households, "malformed": self.malformed, "programs": programs })
    }

    /// As readable text.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{} households assessed, {} lines malformed\n{:<24} {:>9} {:>10} {:>10} {:>8} {:>16} {:>18}\n",
            self.households, self.malformed, "program", "eligible", "ineligible", "needs_info", "refer", "monthly total", "annual total"
        );
        for (k, t) in &self.programs {
            out.push_str(&format!(
                "{k:<24} {:>9} {:>10} {:>10} {:>8} {:>16} {:>18}\n",
                t.eligible, t.ineligible, t.needs_info, t.refer, t.monthly, t.annual
            ));
        }
        out
    }
}

/// How one program changed between the two sides over a population.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// Tally under the baseline.
    pub baseline: Tally,
    /// Tally under the reform.
    pub reform: Tally,
    /// Ids of households eligible under the reform only.
    pub newly_eligible: Vec<String>,
    /// Ids of households eligible under the baseline only.
    pub newly_ineligible: Vec<String>,
    /// Households eligible under both whose monthly amount rose.
    pub increased: u64,
    /// Households eligible under both whose monthly amount fell.
    pub decreased: u64,
}

impl Change {
    /// Reform total minus baseline total: (monthly, annual); `None` if a difference does not
    /// fit in a decimal.
    pub fn cost(&self) -> Option<(Decimal, Decimal)> {
        Some((
            self.reform.monthly.checked_sub(self.baseline.monthly)?,
            self.reform.annual.checked_sub(self.baseline.annual)?,
        ))
    }
}

/// A reform compared with a baseline over the same households.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Households assessed under both.
    pub households: u64,
    /// Lines that could not be assessed.
    pub malformed: u64,
    /// Per program id.
    pub programs: BTreeMap<String, Change>,
}

fn amount_of(o: Option<&Outcome>) -> Option<Decimal> {
    o.filter(|o| o.status == Status::Eligible)
        .and_then(|o| o.amount)
        .map(|(m, _)| m)
}

impl Comparison {
    /// Adds one household's outcomes under both sides.
    pub fn add(&mut self, id: &str, baseline: &[Outcome], reform: &[Outcome]) -> Result<(), Error> {
        self.households = self.households.saturating_add(1);
        let mut ids: Vec<&str> = baseline
            .iter()
            .chain(reform)
            .map(|o| o.program.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        for p in ids {
            let b = baseline.iter().find(|o| o.program == p);
            let r = reform.iter().find(|o| o.program == p);
            if !self.programs.contains_key(p) {
                self.programs.insert(p.to_string(), Change::default());
            }
            let Some(c) = self.programs.get_mut(p) else {
                continue;
            };
            if let Some(b) = b {
                c.baseline.count(b)?;
            }
            if let Some(r) = r {
                c.reform.count(r)?;
            }
            let was = b.is_some_and(|o| o.status == Status::Eligible);
            let is = r.is_some_and(|o| o.status == Status::Eligible);
            match (was, is) {
                (false, true) => c.newly_eligible.push(id.to_string()),
                (true, false) => c.newly_ineligible.push(id.to_string()),
                (true, true) => match (amount_of(b), amount_of(r)) {
                    (Some(x), Some(y)) if y > x => c.increased = c.increased.saturating_add(1),
                    (Some(x), Some(y)) if y < x => c.decreased = c.decreased.saturating_add(1),
                    _ => {}
                },
                (false, false) => {}
            }
        }
        Ok(())
    }

    /// Adds another comparison (from another thread or chunk), keeping ids in order.
    pub fn merge(&mut self, other: Comparison) -> Result<(), Error> {
        self.households = self.households.saturating_add(other.households);
        self.malformed = self.malformed.saturating_add(other.malformed);
        for (k, o) in other.programs {
            let c = self.programs.entry(k).or_default();
            c.baseline.merge(&o.baseline)?;
            c.reform.merge(&o.reform)?;
            c.newly_eligible.extend(o.newly_eligible);
            c.newly_ineligible.extend(o.newly_ineligible);
            c.increased = c.increased.saturating_add(o.increased);
            c.decreased = c.decreased.saturating_add(o.decreased);
        }
        Ok(())
    }

    /// As JSON: per program the two tallies, the movements with household ids, and the cost.
    pub fn to_json(&self) -> Value {
        let programs: serde_json::Map<String, Value> = self
            .programs
            .iter()
            .map(|(k, c)| {
                let (m, y) = c.cost().unwrap_or_default();
                (
                    k.clone(),
                    json!({
                        "baseline": c.baseline.to_json(),
                        "reform": c.reform.to_json(),
                        "newly_eligible": c.newly_eligible.len(),
                        "newly_ineligible": c.newly_ineligible.len(),
                        "increased": c.increased,
                        "decreased": c.decreased,
                        "cost_monthly": m.to_string(),
                        "cost_annual": y.to_string(),
                        "newly_eligible_ids": c.newly_eligible,
                        "newly_ineligible_ids": c.newly_ineligible,
                    }),
                )
            })
            .collect();
        json!({ "households": self.households, "malformed": self.malformed, "programs": programs })
    }

    /// As readable text; `ids` household ids are listed per movement.
    pub fn render(&self, ids: usize) -> String {
        let mut out = format!(
            "{} households compared, {} lines malformed\n{:<24} {:>9} {:>9} {:>7} {:>7} {:>7} {:>7} {:>16} {:>18}\n",
            self.households,
            self.malformed,
            "program",
            "baseline",
            "reform",
            "+new",
            "-lost",
            "up",
            "down",
            "cost per month",
            "cost per year"
        );
        for (k, c) in &self.programs {
            let (m, y) = c.cost().unwrap_or_default();
            out.push_str(&format!(
                "{k:<24} {:>9} {:>9} {:>7} {:>7} {:>7} {:>7} {:>16} {:>18}\n",
                c.baseline.eligible,
                c.reform.eligible,
                c.newly_eligible.len(),
                c.newly_ineligible.len(),
                c.increased,
                c.decreased,
                m,
                y
            ));
        }
        for (k, c) in &self.programs {
            for (what, list) in [
                ("newly eligible", &c.newly_eligible),
                ("newly ineligible", &c.newly_ineligible),
            ] {
                if list.is_empty() || ids == 0 {
                    continue;
                }
                let shown: Vec<&str> = list.iter().take(ids).map(String::as_str).collect();
                let more = list.len().saturating_sub(ids);
                out.push_str(&format!("{k} {what}: {}", shown.join(", ")));
                if more > 0 {
                    out.push_str(&format!(" … and {more} more"));
                }
                out.push('\n');
            }
        }
        out
    }
}

/// Compares two sides over JSON Lines held in memory (the policy page, in a Web Worker): the
/// same tallies as `huimin compare`. Lines that cannot be assessed are counted as malformed;
/// the first few are returned with their line numbers.
pub fn compare_lines(
    engine: &Engine,
    lines: &str,
    baseline: (Date, Vec<(String, RawValue)>),
    reform: (Date, Vec<(String, RawValue)>),
) -> Result<(Comparison, Vec<(u64, Error)>), Error> {
    let mut b = Side::new(engine, baseline.0, baseline.1)?;
    let mut r = Side::new(engine, reform.0, reform.1)?;
    let mut c = Comparison::default();
    let mut errors = Vec::new();
    for (i, line) in lines.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let number = u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1);
        let one = |b: &mut Side<'_>, r: &mut Side<'_>, c: &mut Comparison| -> Result<(), Error> {
            let (id, hh) = parse_line(engine, line)?;
            let (ob, or) = (b.decide(&hh)?, r.decide(&hh)?);
            c.add(&id.unwrap_or_else(|| format!("line {number}")), &ob, &or)
        };
        if let Err(e) = one(&mut b, &mut r, &mut c) {
            c.malformed = c.malformed.saturating_add(1);
            if errors.len() < 20 {
                errors.push((number, e));
            }
        }
    }
    Ok((c, errors))
}

/// The parameters of a region's rules with their values on `date`, for a reform field:
/// `[{"id", "unit", "description", "value", "published"}]` (value null where none is in force).
pub fn parameters(engine: &Engine, region: &str, date: Date) -> Result<Value, Error> {
    let rules = engine.rules(Some(region))?;
    let list: Vec<Value> = rules
        .params
        .iter()
        .map(|p| {
            let v = p.at(date);
            json!({
                "id": p.id,
                "unit": p.unit,
                "type": p.ty.name(),
                "description": p.description,
                "value": v.map_or(Value::Null, |v| v.value.to_json()),
                "published": v.map(|v| v.published.clone()),
            })
        })
        .collect();
    Ok(Value::Array(list))
}

#[derive(serde::Deserialize)]
struct Envelope<'a> {
    #[serde(default)]
    id: Option<String>,
    #[serde(borrow)]
    household: &'a serde_json::value::RawValue,
}

/// Parses one batch line: a household document, or `{"id": "...", "household": {...}}`.
/// Returns the id (if given) and the household.
pub fn parse_line(engine: &Engine, line: &str) -> Result<(Option<String>, Household), Error> {
    // A file saved by a Windows editor starts with a byte order mark, on its first line.
    let line = crate::facts::without_bom(line.trim_start()).trim();
    // A well-formed envelope in one pass; anything else as before, so errors read as they did.
    let (id, hh) = match engine.parse_envelope(line) {
        Some(got) => got,
        None => {
            let mut de = serde_json::Deserializer::from_str(line);
            match <Envelope<'_> as serde::Deserialize>::deserialize(&mut de) {
                Ok(_) if de.end().is_err() => {
                    return Err(Error::Input(InputError::new(
                        "malformed_json",
                        "",
                        "trailing characters after the line's object",
                    )))
                }
                Ok(e) => {
                    check_id(e.id.as_deref())?;
                    (e.id, engine.parse_household(e.household.get())?)
                }
                Err(_) => return Ok((None, engine.parse_household(line)?)),
            }
        }
    };
    check_id(id.as_deref())?;
    Ok((id, hh))
}

fn check_id(id: Option<&str>) -> Result<(), Error> {
    match id {
        Some(id) if id.len() > crate::limits::MAX_STRING_BYTES => {
            Err(Error::Input(InputError::new(
                "too_long",
                "id",
                format!(
                    "the id is longer than {} bytes",
                    crate::limits::MAX_STRING_BYTES
                ),
            )))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(p: &str, status: Status, monthly: Option<i64>) -> Outcome {
        Outcome {
            program: p.into(),
            status,
            amount: monthly.map(|m| (Decimal::new(m, 2), Decimal::new(m * 12, 2))),
            at_least: false,
            up_to: false,
        }
    }

    #[test]
    fn ids_and_names_are_escaped_as_serde_json_escapes_them() {
        for s in [
            "plain",
            "a\"b\\c",
            "中文 id",
            "\u{1}\u{1f}\u{8}\u{c}\n\r\t",
            "\u{7f}\u{2028}",
            "",
        ] {
            let mut out = String::new();
            push_json_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn comparison_counts_movements_and_costs() {
        let mut c = Comparison::default();
        let e = Status::Eligible;
        let i = Status::Ineligible;
        c.add(
            "a",
            &[outcome("dibao", i, None)],
            &[outcome("dibao", e, Some(5000))],
        )
        .unwrap();
        c.add(
            "b",
            &[outcome("dibao", e, Some(1000))],
            &[outcome("dibao", e, Some(1500))],
        )
        .unwrap();
        c.add(
            "c",
            &[outcome("dibao", e, Some(700))],
            &[outcome("dibao", i, None)],
        )
        .unwrap();
        let d = &c.programs["dibao"];
        assert_eq!(
            (d.newly_eligible.clone(), d.newly_ineligible.clone()),
            (vec!["a".to_string()], vec!["c".to_string()])
        );
        assert_eq!((d.increased, d.decreased), (1, 0));
        assert_eq!(
            d.cost(),
            Some((Decimal::new(4800, 2), Decimal::new(57600, 2)))
        );
        let mut split = Comparison::default();
        split.merge(c.clone()).unwrap();
        assert_eq!(split, c);
    }

    #[test]
    fn lines_are_written_as_serde_json_writes_them() {
        let o = |program: &str, status, amount, at_least, up_to| Outcome {
            program: program.into(),
            status,
            amount,
            at_least,
            up_to,
        };
        let pay = Some((Decimal::new(15000, 2), Decimal::new(180000, 2)));
        let outcomes = vec![
            o("tekun", Status::Ineligible, None, false, false),
            o("dibao", Status::Eligible, pay, true, false),
            o("temporary_assistance", Status::Refer, pay, false, true),
            o("a\"quoted\"", Status::NeedsInfo, None, false, true),
        ];
        for (id, open) in [(Some("x \"1\""), false), (None, true)] {
            let mut line = String::new();
            line_json(&mut line, id, 42, &outcomes, open);
            let tree =
                serde_json::json!({ "id": id, "line": 42, "programs": outcomes_json(&outcomes) });
            let mut expected = tree.to_string();
            if open {
                expected.pop();
            }
            assert_eq!(line, expected);
        }
    }

    #[test]
    fn lines_are_households_or_envelopes() {
        let e = Engine::builtin().unwrap();
        let parse_line = |line: &str| parse_line(&e, line);
        let (id, hh) = parse_line(r#"{"id": "x1", "household": {"region": "220723"}}"#).unwrap();
        assert_eq!(
            (id.as_deref(), hh.region.as_deref()),
            (Some("x1"), Some("220723"))
        );
        let (id, hh) = parse_line(r#"{"region": "431225"}"#).unwrap();
        assert_eq!((id, hh.region.as_deref()), (None, Some("431225")));
        assert!(parse_line("{").is_err());
        assert!(parse_line(r#"{"id": "x", "household": {"regon": "1"}}"#).is_err());
    }
}
