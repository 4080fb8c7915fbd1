//! "What if my income changes": one program's status and amount across a range of one member's
//! monthly income in one category, all other facts held, and the exact income (to the fen) at
//! which the program stops being granted.

use crate::engine::{Assessor, Engine};
use crate::error::{Error, InputError};
use crate::eval::Decision;
use crate::facts::{Household, INCOME_CATEGORIES, N_INCOME};
use crate::result::{Period, Status};
use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

/// Most points one curve may have.
pub const MAX_POINTS: u32 = 200;

/// What to vary.
#[derive(Clone, Debug)]
pub struct CurveQuery {
    /// Program whose result is drawn.
    pub program: String,
    /// Index of the member whose income varies.
    pub member: usize,
    /// Income category that varies (`wage`).
    pub category: String,
    /// Lowest monthly income, yuan.
    pub from: Decimal,
    /// Highest monthly income, yuan.
    pub to: Decimal,
    /// Number of points (2 to [`MAX_POINTS`]).
    pub points: u32,
}

/// One point of the curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    /// The member's monthly income in the category, yuan.
    pub income: String,
    /// The program's status at that income.
    pub status: Status,
    /// Monthly amount (when eligible).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly: Option<String>,
}

/// A program's result across an income range.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Curve {
    /// Program id.
    pub program: String,
    /// Member id whose income varies.
    pub member: String,
    /// Income category.
    pub category: String,
    /// Points from `from` to `to`.
    pub points: Vec<CurvePoint>,
    /// The lowest income (to 0.01 yuan) within the range at which the program is no longer
    /// eligible, when the range crosses that boundary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<String>,
    /// The program's status at `ends_at`: `ineligible`, or `refer` when from there it is for the
    /// office to decide (the boundary comes from a figure past its known date, or an unsourced
    /// one, so the standard in force may be higher): a page must not say then that the program
    /// no longer applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Status>,
}

fn bad(path: &str, message: impl Into<String>) -> Error {
    Error::Input(InputError::new("bad_curve", path, message))
}

impl Engine {
    /// Assesses the household at evenly spaced incomes of one member and finds where the program
    /// stops being granted.
    pub fn income_curve(&self, hh: &Household, date: Date, q: &CurveQuery) -> Result<Curve, Error> {
        if !(2..=MAX_POINTS).contains(&q.points) {
            return Err(bad("points", format!("points must be 2 to {MAX_POINTS}")));
        }
        if q.to <= q.from {
            return Err(bad("to", "the range must end above where it starts"));
        }
        let mut sweep = Sweep::new(self, hh, date, q.member, &q.category)?;
        let drawn = sweep.drawn(&q.program)?;
        let mut points = Vec::with_capacity(q.points as usize);
        for income in incomes(q.from, q.to, q.points)? {
            points.push(point(income, sweep.until(income, &drawn)?, &drawn));
        }
        sweep.curve(&drawn, points)
    }
}

/// How many curves [`Engine::income_curves`] returns at most.
pub const MAX_CURVES: usize = 3;

impl Engine {
    /// The curves worth drawing for one member: each monthly benefit of the household's result
    /// (granted or refused) whose amount or status moves with that member's income, over a range
    /// from no income to half again the income at which it stops (or three thousand yuan a
    /// member when it does not stop), in the member's largest income category (`wage` when the
    /// member has none). The page draws what the engine returns; it names no program.
    pub fn income_curves(
        &self,
        hh: &Household,
        date: Date,
        member: usize,
    ) -> Result<Vec<Curve>, Error> {
        let person = hh
            .members
            .as_ref()
            .and_then(|m| m.get(member))
            .ok_or_else(|| bad("member", format!("no member at index {member}")))?;
        let category: &str = person
            .income
            .as_ref()
            .and_then(|inc| {
                inc.iter()
                    .zip(INCOME_CATEGORIES.iter())
                    .filter_map(|(v, c)| Some(((*v)?, c)))
                    .filter(|(v, _)| *v > Decimal::ZERO)
                    .max_by_key(|(v, _)| *v)
                    .map(|(_, c)| *c)
            })
            .unwrap_or("wage");
        let rules = self.rules(hh.region.as_deref())?;
        let decided = self.decide(hh, date, None)?;
        let members = hh.members.as_ref().map_or(1, Vec::len).max(1);
        let wide = Decimal::from(3000u32.saturating_mul(u32::try_from(members).unwrap_or(1)));
        let mut sweep = Sweep::new(self, hh, date, member, category)?;
        // The first, wide pass is the same household at the same incomes for every program:
        // decided once, every program read from it.
        let wide_incomes = incomes(Decimal::ZERO, wide, 31)?;
        let mut first_pass = Vec::with_capacity(wide_incomes.len());
        for &income in &wide_incomes {
            first_pass.push((income, sweep.at(income)?.to_vec()));
        }
        let mut out = Vec::new();
        for p in &decided {
            let monthly = rules
                .programs
                .iter()
                .find(|r| r.id == *p.id)
                .and_then(|r| r.amount.as_ref())
                .is_some_and(|x| x.period == Period::Month);
            if !monthly || !matches!(p.status, Status::Eligible | Status::Ineligible) {
                continue;
            }
            let drawn = sweep.drawn(&p.id)?;
            let points = first_pass
                .iter()
                .map(|(income, d)| point(*income, d, &drawn))
                .collect();
            let first = sweep.curve(&drawn, points)?;
            let moves = first.points.windows(2).any(|w| match w {
                [x, y] => x.status != y.status || x.monthly != y.monthly,
                _ => false,
            });
            if !moves || !first.points.iter().any(|x| x.status == Status::Eligible) {
                continue;
            }
            let curve = match first.ends_at.as_deref().and_then(crate::value::decimal) {
                Some(end) => {
                    let to = end
                        .checked_mul(Decimal::new(15, 1))
                        .and_then(|x| x.ceil().checked_add(Decimal::ONE))
                        .ok_or_else(overflow)?;
                    let mut points = Vec::with_capacity(41);
                    for income in incomes(Decimal::ZERO, to, 41)? {
                        points.push(point(income, sweep.until(income, &drawn)?, &drawn));
                    }
                    sweep.curve(&drawn, points)?
                }
                None => first,
            };
            out.push(curve);
            if out.len() == MAX_CURVES {
                break;
            }
        }
        Ok(out)
    }
}

/// One member's income in one category set again and again on a copy of the household, each
/// setting decided by one assessor: evaluation alone, as `Engine::decide` (no explanation of
/// every program at every income).
struct Sweep<'e> {
    assessor: Assessor<'e>,
    hh: Household,
    member: usize,
    member_id: String,
    category: usize,
}

/// A program as a curve shows it.
struct Drawn {
    /// Its index among the rules' programs.
    index: u16,
    /// Its id.
    id: String,
    /// Its amount is shown by month (as a result shows it: unless the rule pays by year or once).
    monthly: bool,
}

impl<'e> Sweep<'e> {
    fn new(
        engine: &'e Engine,
        hh: &Household,
        date: Date,
        member: usize,
        category: &str,
    ) -> Result<Sweep<'e>, Error> {
        let category = INCOME_CATEGORIES
            .iter()
            .position(|c| *c == category)
            .ok_or_else(|| bad("category", format!("no income category \"{category}\"")))?;
        let member_id = hh
            .members
            .as_ref()
            .and_then(|m| m.get(member))
            .ok_or_else(|| bad("member", format!("no member at index {member}")))?
            .id
            .to_string();
        Ok(Sweep {
            assessor: engine.assessor(hh.region.as_deref(), date)?,
            hh: hh.clone(),
            member,
            member_id,
            category,
        })
    }

    fn drawn(&self, program: &str) -> Result<Drawn, Error> {
        let (i, p) = self
            .assessor
            .rules()
            .programs
            .iter()
            .enumerate()
            .find(|(_, p)| p.id == program)
            .ok_or_else(|| bad("program", format!("no program \"{program}\"")))?;
        Ok(Drawn {
            index: u16::try_from(i).map_err(|_| overflow())?,
            id: program.to_string(),
            monthly: p.amount.as_ref().map_or(Period::Month, |a| a.period) == Period::Month,
        })
    }

    /// Every program's decision with the member's income at `income`.
    fn at(&mut self, income: Decimal) -> Result<&[Decision], Error> {
        set_income(&mut self.hh, self.member, self.category, income);
        self.assessor.decide(&self.hh, None)
    }

    /// The drawn program's decision (and those before it in the rules' order) with the member's
    /// income at `income`: the program alone needs no later program decided.
    fn until(&mut self, income: Decimal, p: &Drawn) -> Result<&[Decision], Error> {
        set_income(&mut self.hh, self.member, self.category, income);
        self.assessor.decide_until(&self.hh, p.index)
    }

    /// The curve through `points`, with the income at which the program stops being granted:
    /// bisection in fen between the last eligible point and the first one after it that is not.
    fn curve(&mut self, p: &Drawn, points: Vec<CurvePoint>) -> Result<Curve, Error> {
        let mut ends_at = None;
        let mut after = None;
        let mut last_ok: Option<Decimal> = None;
        for point in &points {
            let income = crate::value::decimal(&point.income).ok_or_else(overflow)?;
            if point.status == Status::Eligible {
                last_ok = Some(income);
            } else if let Some(mut lo) = last_ok {
                let mut hi = income;
                let mut at_hi = point.status;
                let fen = Decimal::new(1, 2);
                while hi.checked_sub(lo).ok_or_else(overflow)? > fen {
                    let mid = lo
                        .checked_add(hi)
                        .and_then(|s| s.checked_div(Decimal::TWO))
                        .ok_or_else(overflow)?
                        .round_dp(2);
                    match outcome(self.until(mid, p)?, p).0 {
                        Status::Eligible => lo = mid,
                        status => (hi, at_hi) = (mid, status),
                    }
                }
                ends_at = Some(money(hi));
                after = Some(at_hi);
                break;
            }
        }
        Ok(Curve {
            program: p.id.clone(),
            member: self.member_id.clone(),
            category: INCOME_CATEGORIES
                .get(self.category)
                .map_or_else(String::new, |c| (*c).to_string()),
            points,
            ends_at,
            after,
        })
    }
}

/// The program's status and monthly amount among `decided` (`refer` when it was not decided).
fn outcome(decided: &[Decision], p: &Drawn) -> (Status, Option<String>) {
    decided
        .iter()
        .find(|d| d.program == p.index)
        .map_or((Status::Refer, None), |d| {
            let amount = d.amount.filter(|_| p.monthly).map(|(m, _)| m.to_string());
            (d.status, amount)
        })
}

/// The program's point at `income` among `decided`.
fn point(income: Decimal, decided: &[Decision], p: &Drawn) -> CurvePoint {
    let (status, monthly) = outcome(decided, p);
    CurvePoint {
        income: money(income),
        status,
        monthly,
    }
}

/// `points` evenly spaced incomes from `from` to `to` (the last exactly `to`), to the fen.
fn incomes(from: Decimal, to: Decimal, points: u32) -> Result<Vec<Decimal>, Error> {
    let span = to.checked_sub(from).ok_or_else(overflow)?;
    let steps = Decimal::from(points.saturating_sub(1));
    let mut out = Vec::with_capacity(points as usize);
    for i in 0..points.saturating_sub(1) {
        let step = span
            .checked_mul(Decimal::from(i))
            .and_then(|v| v.checked_div(steps))
            .ok_or_else(overflow)?;
        out.push(from.checked_add(step).ok_or_else(overflow)?.round_dp(2));
    }
    out.push(to);
    Ok(out)
}

fn overflow() -> Error {
    Error::Eval(crate::error::EvalError {
        code: "overflow",
        at: "income curve".into(),
    })
}

fn money(v: Decimal) -> String {
    let mut r = v;
    r.rescale(2);
    r.to_string()
}

fn set_income(hh: &mut Household, member: usize, cat: usize, income: Decimal) {
    if let Some(p) = hh.members.as_mut().and_then(|m| m.get_mut(member)) {
        let inc = p.income.get_or_insert([Some(Decimal::ZERO); N_INCOME]);
        if let Some(slot) = inc.get_mut(cat) {
            *slot = Some(income);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::parse_household;

    fn query(from: &str, to: &str, points: u32) -> CurveQuery {
        CurveQuery {
            program: "dibao".into(),
            member: 0,
            category: "wage".into(),
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
            points,
        }
    }

    #[test]
    fn the_engine_chooses_what_to_draw() {
        let engine = Engine::builtin().unwrap();
        let hh = parse_household(
            r#"{"region":"220723","hukou":"urban","members":[{"id":"a","relation":"applicant",
            "birth_date":"1970-01-01","disability":null,"serious_illness":false,"adl_failed":0,
            "income":{"pension":"100"},"status":[],"receives":[],"lost_contact_since":null,"detained_since":null}],
            "assets":{"deposits":"0","homes":1,"vehicles":[]},"supporters":[],"hardships":[]}"#,
        )
        .unwrap();
        let date = crate::date::parse("2018-03-01").unwrap();
        let curves = engine.income_curves(&hh, date, 0).unwrap();
        let dibao = curves.iter().find(|c| c.program == "dibao").unwrap();
        // The member's own income category, and a range half again past where dibao ends.
        assert_eq!(dibao.category, "pension");
        assert_eq!(dibao.ends_at.as_deref(), Some("450.00"));
        assert_eq!(
            dibao.points.last().map(|p| p.income.as_str()),
            Some("676.00")
        );
        assert!(curves.len() <= MAX_CURVES);
        assert!(curves.iter().all(|c| c.program != "temporary_assistance"));
        assert!(engine.income_curves(&hh, date, 5).is_err());
    }

    #[test]
    fn urban_single_curve_ends_exactly_at_the_standard() {
        let engine = Engine::builtin().unwrap();
        let hh = parse_household(
            r#"{"region":"220723","hukou":"urban","members":[{"id":"a","relation":"applicant",
            "birth_date":"1970-01-01","disability":null,"serious_illness":false,"adl_failed":0,
            "income":{},"status":[],"receives":[],"lost_contact_since":null,"detained_since":null}],
            "assets":{"deposits":"0","homes":1,"vehicles":[]},"supporters":[],"hardships":[]}"#,
        )
        .unwrap();
        let date = crate::date::parse("2018-03-01").unwrap();
        let c = engine
            .income_curve(&hh, date, &query("0", "600", 7))
            .unwrap();
        assert_eq!(c.points.len(), 7);
        assert_eq!(c.points[0].income, "0.00");
        assert_eq!(c.points[0].monthly.as_deref(), Some("450.00"));
        assert_eq!(c.points[6].income, "600.00");
        assert_eq!(c.points[6].status, Status::Ineligible);
        // Per-capita income must be below 450: 449.99 is the last eligible fen.
        assert_eq!(c.ends_at.as_deref(), Some("450.00"));
        let bad = engine.income_curve(&hh, date, &query("10", "5", 7));
        assert!(matches!(bad, Err(Error::Input(e)) if e.path == "to"));
        let bad = engine.income_curve(&hh, date, &query("0", "5", 1000));
        assert!(matches!(bad, Err(Error::Input(e)) if e.path == "points"));
    }
}
